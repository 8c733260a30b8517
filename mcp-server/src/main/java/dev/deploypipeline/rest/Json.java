package dev.deploypipeline.rest;

import dev.deploypipeline.secrets.Redaction;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** JSON in and out of the API; everything written passes the process's one redactor. */
public final class Json {
  static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Json() {}

  public static String write(Object value) {
    return MAPPER.writeValueAsString(Redaction.redactStructure(value));
  }

  /** A request body as an object; a caller-fixable {@link ApiException} when it is not one. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> readObject(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(Limits.MAX_BODY_BYTES + 1);
    if (bytes.length > Limits.MAX_BODY_BYTES) {
      throw ApiException.badRequest("body: larger than " + Limits.MAX_BODY_BYTES + " bytes",
          "send a smaller JSON object");
    }
    if (bytes.length == 0) return Map.of();
    try {
      Object v = MAPPER.readValue(bytes, Object.class);
      if (v instanceof Map<?, ?> m) return (Map<String, Object>) m;
      throw ApiException.badRequest("body: must be a JSON object", "send {\"field\": value, …}");
    } catch (JacksonException e) {
      throw ApiException.badRequest("body: not valid JSON (" + e.getOriginalMessage() + ")",
          "send a JSON object with Content-Type: application/json");
    }
  }

  /** For tests and the OpenAPI document. */
  public static Object parse(String text) {
    return MAPPER.readValue(text, Object.class);
  }
}
