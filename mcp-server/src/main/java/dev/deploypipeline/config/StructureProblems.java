package dev.deploypipeline.config;

import dev.deploypipeline.text.DidYouMean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.util.TokenBufferReadContext;

/**
 * Records unknown keys and values of the wrong type instead of letting Jackson stop at the first one, so that a
 * config with several mistakes gets all of them reported at once. Each problem keeps its JSON path so that the
 * loader can drop follow-on complaints about the same object.
 */
final class StructureProblems extends DeserializationProblemHandler {
  /** {@code meant}: the path the user probably meant (a misspelt key's suggestion), or null. */
  record Problem(String path, String message, String meant) {
    Problem(String path, String message) {
      this(path, message, null);
    }

    @Override
    public String toString() {
      return path + ": " + message;
    }
  }

  private final List<Problem> problems = new ArrayList<>();
  private final Set<String> fromEnvironment;

  StructureProblems(Set<String> fromEnvironment) {
    this.fromEnvironment = fromEnvironment;
  }

  List<Problem> problems() {
    return problems;
  }

  @Override
  public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, ValueDeserializer<?> deserializer,
      Object beanOrClass, String propertyName) {
    List<String> known = new ArrayList<>();
    Collection<Object> ids = deserializer == null ? null : deserializer.getKnownPropertyNames();
    if (ids != null) ids.forEach(id -> known.add(String.valueOf(id)));
    known.sort(null);
    String suggestion = DidYouMean.closest(propertyName, known);
    String path = unknownKeyPath(p.streamReadContext(), propertyName);
    problems.add(new Problem(path, "unknown key"
        + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?")
        + " (allowed here: " + String.join(", ", known) + ")",
        suggestion == null ? null : path.substring(0, path.length() - propertyName.length()) + suggestion));
    p.skipChildren();
    return true;
  }

  @Override
  public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String value, String msg) {
    String path = pathOf(ctxt.getParser().streamReadContext());
    problems.add(new Problem(path, "must be " + expected(targetType) + " (found "
        + (fromEnvironment.contains(path) ? "the value of an environment variable" : "\"" + value + "\"") + ")"));
    return null;
  }

  @Override
  public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number value, String msg) {
    problems.add(new Problem(pathOf(ctxt.getParser().streamReadContext()),
        "must be " + expected(targetType) + " (found " + value + ")"));
    return null;
  }

  @Override
  public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
      String msg) {
    String path = skipValue(p, t);
    problems.add(new Problem(path, "must be " + expected(targetType.getRawClass()) + " (found " + found(t) + ")"));
    return null;
  }

  @Override
  public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
      ValueInstantiator valueInsta, JsonParser p, String msg) {
    JsonToken t = p.currentToken();
    String path = skipValue(p, t);
    problems.add(new Problem(path, "must be " + expected(instClass) + " (found " + found(t) + ")"));
    return null;
  }

  /**
   * Moves the parser past the offending value, which {@code t} started, and returns its path. A deserializer may
   * already have stepped into a list (to look for a single wrapped value) before giving up, so "past" can mean
   * finishing a structure from the inside.
   */
  private static String skipValue(JsonParser p, JsonToken t) {
    JsonToken cur = p.currentToken();
    boolean structure = t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT;
    if (!structure || cur == t) {
      String path = pathOf(p.streamReadContext());
      p.skipChildren();
      return path;
    }
    if (cur == JsonToken.END_ARRAY || cur == JsonToken.END_OBJECT) return pathOf(p.streamReadContext());
    String path = pathOf(p.streamReadContext().getParent());
    while (cur != JsonToken.END_ARRAY && cur != JsonToken.END_OBJECT) {
      p.skipChildren();
      cur = p.nextToken();
    }
    return path;
  }

  static String expected(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) return "a whole number";
    if (type == Double.class || type == double.class) return "a number";
    if (type == Boolean.class || type == boolean.class) return "true or false";
    if (type == String.class) return "a string";
    if (Collection.class.isAssignableFrom(type)) return "a list";
    return "an object";
  }

  private static String found(JsonToken t) {
    return switch (t) {
      case START_ARRAY -> "a list";
      case START_OBJECT -> "an object";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      default -> String.valueOf(t);
    };
  }

  /** The dotted path of the value the parser is at; a just-opened object or list adds nothing yet. */
  static String pathOf(TokenStreamContext ctx) {
    List<String> parts = new ArrayList<>();
    for (TokenStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inObject() && c.currentName() != null) parts.add(0, "." + c.currentName());
      else if (c.inArray() && c.hasCurrentIndex()) parts.add(0, "[" + c.getCurrentIndex() + "]");
    }
    String path = String.join("", parts);
    return path.startsWith(".") ? path.substring(1) : path.isEmpty() ? "(root)" : path;
  }

  /**
   * The path of an unknown key. A record's unknown keys are buffered and replayed in contexts copied from the
   * parser's, which by then may stand on the record's last key ("enviroments" read as "retry.enviroments"): the
   * record's path is taken from the real contexts above the copies. One copy stands for the record itself (the real
   * context above it holds the record); a copy with a child copy stands one level inside the record's last value.
   */
  static String unknownKeyPath(TokenStreamContext ctx, String key) {
    TokenStreamContext c = ctx;
    int copies = 0;
    while (c instanceof TokenBufferReadContext) {
      copies++;
      c = c.getParent();
    }
    if (copies == 0) return pathOf(ctx);
    if (copies > 1 && c != null && !c.inRoot()) c = c.getParent();
    return c == null || c.inRoot() ? key : pathOf(c) + "." + key;
  }

}
