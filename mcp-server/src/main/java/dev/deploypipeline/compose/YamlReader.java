package dev.deploypipeline.compose;

import dev.deploypipeline.compose.YNode.Entry;
import dev.deploypipeline.compose.YNode.Kind;
import dev.deploypipeline.compose.YNode.YMap;
import dev.deploypipeline.compose.YNode.YScalar;
import dev.deploypipeline.compose.YNode.YSeq;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.AnchorNode;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * YAML text to a positioned {@link YNode} tree. Uses the node (compose) API so positions survive; the engine's
 * composer flattens merge keys (explicit keys win, earlier merge sources over later, merged keys keep the
 * position where they were written) and this class interpolates scalar values.
 * Never throws on bad input: syntax problems become findings and the result is null.
 */
final class YamlReader {
  // Real files (Sentry self-hosted) use hundreds of aliases; the default of 50 rejects them.
  private static final LoadSettings SETTINGS =
      LoadSettings.builder()
          .setMaxAliasesForCollections(100_000)
          .setAllowDuplicateKeys(true)
          .setSchema(new CoreSchema())
          .setUseMarks(true)
          .build();

  private final String file;
  private final Interpolator interpolator;
  private final Findings out;
  private final Map<Node, YNode> done = new IdentityHashMap<>();
  private final Map<Node, Boolean> inProgress = new IdentityHashMap<>();

  private YamlReader(String file, Interpolator interpolator, Findings out) {
    this.file = file;
    this.interpolator = interpolator;
    this.out = out;
  }

  static YNode read(String file, String text, Interpolator interpolator, Findings out) {
    Optional<Node> root;
    try {
      root = new Compose(SETTINGS).composeString(text);
    } catch (MarkedYamlEngineException e) {
      reportSyntax(file, text, e, out);
      return null;
    } catch (YamlEngineException e) {
      out.add(Rule.YAML_SYNTAX, new Pos(file, 1, 1), "cannot load YAML: " + firstLine(e.getMessage()), null);
      return null;
    }
    if (root.isEmpty()) {
      out.add(Rule.WRONG_TYPE, new Pos(file, 1, 1), "the file is empty; Compose needs a mapping with services",
          "add a top-level services: mapping");
      return null;
    }
    return new YamlReader(file, interpolator, out).convert(root.get());
  }

  private static void reportSyntax(String file, String text, MarkedYamlEngineException e, Findings out) {
    String[] lines = text.split("\r?\n", -1);
    List<Integer> tabLines = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      int j = 0;
      while (j < l.length() && (l.charAt(j) == ' ' || l.charAt(j) == '\t')) j++;
      int tab = l.substring(0, j).indexOf('\t');
      if (tab >= 0 && j < l.length()) {
        tabLines.add(i + 1);
        out.add(Rule.YAML_TAB, new Pos(file, i + 1, tab + 1), "tab character in indentation",
            "indent with spaces only");
      }
    }
    Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
    int line = mark.map(m -> m.getLine() + 1).orElse(1);
    int col = mark.map(m -> m.getColumn() + 1).orElse(1);
    if (tabLines.contains(line)) return;
    if (e.getProblem() != null && e.getProblem().contains("Expected mapping node")) {
      out.add(Rule.YAML_ALIAS, new Pos(file, line, col), "merge key << must point at a mapping or a list of mappings",
          "anchor a mapping (x-defaults: &defaults ...) and merge it with <<: *defaults");
      return;
    }
    String problem = e.getProblem() == null ? firstLine(e.getMessage()) : e.getProblem();
    String context = e.getContext() == null ? "" : e.getContext() + ": ";
    out.add(Rule.YAML_SYNTAX, new Pos(file, line, col), context + problem,
        "check the indentation and quoting around this line");
  }

  private static String firstLine(String s) {
    if (s == null) return "unknown error";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private Pos pos(Node n) {
    return n.getStartMark().map(m -> new Pos(file, m.getLine() + 1, m.getColumn() + 1)).orElse(new Pos(file, 1, 1));
  }

  private YNode convert(Node node) {
    if (node instanceof AnchorNode a) node = a.getRealNode();
    YNode cached = done.get(node);
    if (cached != null) return cached;
    if (inProgress.containsKey(node)) {
      out.add(Rule.YAML_ALIAS, pos(node), "alias refers to a node that contains it", "remove the recursive alias");
      return new YScalar(pos(node), null, Kind.NULL, null, false);
    }
    inProgress.put(node, Boolean.TRUE);
    YNode result;
    if (node instanceof ScalarNode s) result = scalar(s);
    else if (node instanceof SequenceNode seq) {
      List<YNode> items = new ArrayList<>(seq.getValue().size());
      for (Node item : seq.getValue()) items.add(convert(item));
      result = new YSeq(pos(node), items);
    } else result = mapping((MappingNode) node);
    inProgress.remove(node);
    done.put(node, result);
    return result;
  }

  private YScalar scalar(ScalarNode s) {
    Pos p = pos(s);
    Tag tag = s.getTag();
    Kind kind = Tag.NULL.equals(tag) ? Kind.NULL : Tag.BOOL.equals(tag) ? Kind.BOOL : Tag.INT.equals(tag) ? Kind.INT
        : Tag.FLOAT.equals(tag) ? Kind.FLOAT : Kind.STR;
    String raw = s.getValue();
    if (kind != Kind.STR) return new YScalar(p, kind == Kind.NULL ? null : raw, kind, raw, false);
    boolean oneLine = s.getEndMark().map(m -> m.getLine() + 1 == p.line()).orElse(false);
    ScalarStyle style = s.getScalarStyle();
    int shift = style == ScalarStyle.PLAIN ? 0 : style == ScalarStyle.SINGLE_QUOTED || style == ScalarStyle.DOUBLE_QUOTED ? 1 : -1;
    Interpolator.Result r = interpolator.apply(raw, i -> oneLine && shift >= 0 ? p.shifted(i + shift) : p, out);
    return new YScalar(p, r.value(), Kind.STR, raw, r.unresolved());
  }

  private YMap mapping(MappingNode node) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (NodeTuple t : node.getValue()) {
      Node k = t.getKeyNode();
      if (!(k instanceof ScalarNode ks)) {
        out.add(Rule.WRONG_TYPE, pos(k), "a mapping key must be a plain string, not a list or mapping", null);
        continue;
      }
      String key = ks.getValue();
      Entry first = entries.get(key);
      if (first != null) {
        out.add(Rule.YAML_DUPLICATE_KEY, pos(k), "duplicate key '" + key + "' (first at line " + first.keyPos().line() + ")",
            "remove one of them; Compose refuses duplicate keys");
      }
      entries.put(key, new Entry(key, pos(k), convert(t.getValueNode())));
    }
    return new YMap(pos(node), entries);
  }
}
