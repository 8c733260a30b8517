package dev.deploypipeline.compose;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A node of the compose-spec schema, reduced to what produces useful findings: which keys a mapping allows,
 * what a list holds, which scalar types and values are accepted, and alternatives (oneOf).
 */
sealed interface Shape permits Shape.Obj, Shape.Arr, Shape.Scalar, Shape.OneOf, Shape.Any {

  /** {@code anyKey} validates keys not in {@code props}; null means such keys are unknown. */
  record Obj(Map<String, Shape> props, Shape anyKey, boolean nullable, List<String> required) implements Shape {
    Obj orNull() {
      return new Obj(props, anyKey, true, required);
    }

    Obj requires(String... keys) {
      return new Obj(props, anyKey, nullable, List.of(keys));
    }
  }

  record Arr(Shape items) implements Shape {}

  /** {@code strict} scalars must really be numbers/booleans; lenient ones accept any non-null scalar. */
  record Scalar(Type type, boolean nullable, Set<String> allowed) implements Shape {}

  enum Type { ANY, NUMBER, INTEGER, BOOLEAN, NULL }

  record OneOf(List<Shape> alternatives) implements Shape {}

  record Any() implements Shape {}

  Shape ANY = new Any();
  Shape SCALAR = new Scalar(Type.ANY, false, Set.of());
  Shape SCALAR_OR_NULL = new Scalar(Type.ANY, true, Set.of());
  Shape NUMBER = new Scalar(Type.NUMBER, false, Set.of());
  Shape INTEGER = new Scalar(Type.INTEGER, false, Set.of());
  Shape BOOLEAN = new Scalar(Type.BOOLEAN, false, Set.of());
  Shape NULL = new Scalar(Type.NULL, true, Set.of());

  static Shape values(String... allowed) {
    return new Scalar(Type.ANY, false, Set.of(allowed));
  }

  static Obj obj(Object... keysAndShapes) {
    Map<String, Shape> props = new LinkedHashMap<>();
    for (int i = 0; i < keysAndShapes.length; i += 2) props.put((String) keysAndShapes[i], (Shape) keysAndShapes[i + 1]);
    return new Obj(props, null, false, List.of());
  }

  static Obj mapOf(Shape values) {
    return new Obj(Map.of(), values, false, List.of());
  }

  static Shape listOf(Shape items) {
    return new Arr(items);
  }

  static Shape oneOf(Shape... alternatives) {
    return new OneOf(Arrays.asList(alternatives));
  }
}
