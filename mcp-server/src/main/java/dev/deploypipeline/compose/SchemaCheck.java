package dev.deploypipeline.compose;

import dev.deploypipeline.text.DidYouMean;

import dev.deploypipeline.compose.Shape.Arr;
import dev.deploypipeline.compose.Shape.Obj;
import dev.deploypipeline.compose.Shape.OneOf;
import dev.deploypipeline.compose.Shape.Scalar;
import dev.deploypipeline.compose.YNode.Entry;
import dev.deploypipeline.compose.YNode.YMap;
import dev.deploypipeline.compose.YNode.YScalar;
import dev.deploypipeline.compose.YNode.YSeq;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Walks one file's tree against the compose-spec tables and reports every unknown key (with a suggestion),
 * wrong type, value outside an enum and missing required key, each at its own position. Per file, before
 * merging, because every file given to {@code docker compose -f} must be valid on its own.
 */
final class SchemaCheck {
  private SchemaCheck() {}

  static void check(YNode root, Findings out) {
    walk(root, ComposeSchema.root(), "", out);
  }

  private static void walk(YNode node, Shape shape, String path, Findings out) {
    if (shape instanceof OneOf o) {
      oneOf(node, o, path, out);
    } else if (shape instanceof Obj o) {
      object(node, o, path, out);
    } else if (shape instanceof Arr a) {
      if (!(node instanceof YSeq seq)) {
        wrongType(node, "a list", path, out);
        return;
      }
      for (int i = 0; i < seq.items().size(); i++) walk(seq.items().get(i), a.items(), path + "[" + i + "]", out);
    } else if (shape instanceof Scalar s) {
      scalar(node, s, path, out);
    }
  }

  private static void oneOf(YNode node, OneOf o, String path, Findings out) {
    List<Shape> fitting = new ArrayList<>();
    for (Shape alt : o.alternatives()) if (fits(node, alt)) fitting.add(alt);
    if (fitting.isEmpty()) {
      Set<String> expected = new LinkedHashSet<>();
      for (Shape alt : o.alternatives()) expected.add(describe(alt));
      wrongType(node, String.join(" or ", expected), path, out);
      return;
    }
    if (fitting.size() == 1) {
      walk(node, fitting.get(0), path, out);
      return;
    }
    Findings first = null;
    for (Shape alt : fitting) {
      Findings trial = new Findings();
      walk(node, alt, path, trial);
      if (trial.sorted().isEmpty()) return;
      if (first == null) first = trial;
    }
    for (Finding f : first.sorted()) out.addFinding(f);
  }

  private static void object(YNode node, Obj o, String path, Findings out) {
    if (!(node instanceof YMap map)) {
      if (o.nullable() && node instanceof YScalar s && s.isNull()) return;
      wrongType(node, "a mapping", path, out);
      return;
    }
    for (Entry e : map.entries().values()) {
      String key = e.key();
      String child = path.isEmpty() ? key : path + "." + key;
      Shape known = o.props().get(key);
      if (known != null) walk(e.value(), known, child, out);
      else if (o.anyKey() != null) walk(e.value(), o.anyKey(), child, out);
      else if (!key.startsWith("x-")) unknown(e, o, path, out);
    }
    for (String required : o.required()) {
      if (!map.entries().containsKey(required)) {
        out.add(Rule.MISSING_KEY, map.pos(), where(path) + "is missing the required key '" + required + "'",
            "add " + required + ":");
      }
    }
  }

  private static void unknown(Entry e, Obj o, String path, Findings out) {
    String suggestion = DidYouMean.closest(e.key(), o.props().keySet(), 2);
    String hint = suggestion != null ? "did you mean '" + suggestion + "'?"
        : "allowed here: " + String.join(", ", new TreeSet<>(o.props().keySet())) + ", or an x-* extension";
    out.add(Rule.UNKNOWN_KEY, e.keyPos(), "unknown key '" + e.key() + "'" + (path.isEmpty() ? " at top level" : " in " + path), hint);
  }

  private static void scalar(YNode node, Scalar s, String path, Findings out) {
    if (!fits(node, s)) {
      wrongType(node, describe(s), path, out);
      return;
    }
    YScalar v = (YScalar) node;
    if (!s.allowed().isEmpty() && !v.isNull() && !v.unresolved() && !s.allowed().contains(v.value())) {
      out.add(Rule.INVALID_VALUE, v.pos(), where(path) + "'" + v.value() + "' is not allowed",
          "use one of: " + String.join(", ", new TreeSet<>(s.allowed())));
    }
  }

  private static boolean fits(YNode node, Shape shape) {
    if (shape instanceof OneOf o) return o.alternatives().stream().anyMatch(a -> fits(node, a));
    if (shape instanceof Obj o) return node instanceof YMap || (o.nullable() && node instanceof YScalar s && s.isNull());
    if (shape instanceof Arr) return node instanceof YSeq;
    if (shape instanceof Scalar s) return node instanceof YScalar v && scalarFits(v, s);
    return true;
  }

  private static boolean scalarFits(YScalar v, Scalar s) {
    if (v.isNull()) return s.nullable();
    if (v.unresolved()) return s.type() != Shape.Type.NULL;
    return switch (s.type()) {
      case ANY -> true;
      case NULL -> false;
      case BOOLEAN -> v.kind() == YNode.Kind.BOOL || v.value().equalsIgnoreCase("true") || v.value().equalsIgnoreCase("false");
      case NUMBER -> v.kind() == YNode.Kind.INT || v.kind() == YNode.Kind.FLOAT || v.value().matches("-?\\d+(\\.\\d+)?");
      case INTEGER -> v.kind() == YNode.Kind.INT || v.value().matches("-?\\d+");
    };
  }

  private static String describe(Shape shape) {
    if (shape instanceof Obj) return "a mapping";
    if (shape instanceof Arr) return "a list";
    if (!(shape instanceof Scalar s)) return "another shape";
    return switch (s.type()) {
      case ANY -> s.allowed().isEmpty() ? "a string" : "one of " + String.join(", ", new TreeSet<>(s.allowed()));
      case NUMBER -> "a number";
      case INTEGER -> "an integer";
      case BOOLEAN -> "true or false";
      case NULL -> "empty";
    };
  }

  private static void wrongType(YNode node, String expected, String path, Findings out) {
    out.add(Rule.WRONG_TYPE, node.pos(), where(path) + "must be " + expected + ", found " + YNode.kindName(node), null);
  }

  private static String where(String path) {
    return path.isEmpty() ? "the file " : path + " ";
  }
}
