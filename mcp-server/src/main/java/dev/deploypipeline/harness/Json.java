package dev.deploypipeline.harness;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Small helpers over Jackson 3 for the loosely typed Harness responses. */
final class Json {
  static final JsonMapper MAPPER = JsonMapper.shared();

  private Json() {}

  /** The node's text, or null when it is missing or JSON null. */
  static String text(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) return null;
    return n.isValueNode() ? n.asString() : n.toString();
  }
}
