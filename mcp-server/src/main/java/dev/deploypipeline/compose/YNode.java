package dev.deploypipeline.compose;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loaded Compose tree: merge keys applied, values interpolated, every node and key with its position.
 * Immutable once built, so aliased subtrees can be shared safely.
 */
public sealed interface YNode permits YNode.YMap, YNode.YSeq, YNode.YScalar {
  Pos pos();

  /** The YAML core-schema type of a scalar; decides whether it can stand where the spec wants a number etc. */
  enum Kind { NULL, BOOL, INT, FLOAT, STR }

  /** {@code raw} is the text before interpolation; {@code unresolved} says a variable in it had no value. */
  record YScalar(Pos pos, String value, Kind kind, String raw, boolean unresolved) implements YNode {
    public boolean isNull() {
      return kind == Kind.NULL;
    }

    public boolean isTrue() {
      return "true".equalsIgnoreCase(value);
    }
  }

  record YSeq(Pos pos, List<YNode> items) implements YNode {
    public YSeq {
      items = Collections.unmodifiableList(items);
    }
  }

  record Entry(String key, Pos keyPos, YNode value) {}

  record YMap(Pos pos, Map<String, Entry> entries) implements YNode {
    public YMap {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public YNode get(String key) {
      Entry e = entries.get(key);
      return e == null ? null : e.value();
    }

    public YMap map(String key) {
      return get(key) instanceof YMap m ? m : null;
    }

    public String text(String key) {
      return get(key) instanceof YScalar s && !s.isNull() ? s.value() : null;
    }

    public Pos keyPos(String key) {
      Entry e = entries.get(key);
      return e == null ? pos : e.keyPos();
    }
  }

  static String kindName(YNode node) {
    if (node instanceof YMap) return "a mapping";
    if (node instanceof YSeq) return "a list";
    YScalar s = (YScalar) node;
    return switch (s.kind()) {
      case NULL -> "null";
      case BOOL -> "a boolean";
      case INT, FLOAT -> "a number";
      case STR -> "a string";
    };
  }
}
