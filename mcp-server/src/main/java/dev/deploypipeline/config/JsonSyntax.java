package dev.deploypipeline.config;

import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a {@code .json} config as JSON, so that a syntax error is told in JSON's terms (a missing comma or brace, at
 * a line and column) rather than as a YAML parser's view of it.
 */
final class JsonSyntax {
  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      // The YAML reader that used to read .json files let a trailing comma pass; so does this.
      .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
      .build();

  private JsonSyntax() {}

  /** The parsed tree (maps, lists, strings, numbers, booleans, null); a {@link ConfigException} otherwise. */
  static Object read(String text, String source) {
    try {
      return JSON.readValue(text, Object.class);
    } catch (JacksonException e) {
      TokenStreamLocation at = e.getLocation();
      String where = at == null || at.getLineNr() < 1 ? "" : "line " + at.getLineNr() + ", column "
          + at.getColumnNr() + ": ";
      throw new ConfigException(source, List.of("is not valid JSON: " + where + describe(e.getOriginalMessage())));
    }
  }

  /** Jackson's message without its source excerpts, which repeat the file name and content. */
  static String describe(String message) {
    String m = message.replaceAll("\\s*\\(start marker at \\[Source:.*?]\\)", "");
    m = m.replaceAll("\\s*at \\[Source:.*?]", "");
    int nl = m.indexOf('\n');
    if (nl > 0) m = m.substring(0, nl);
    return m.strip();
  }
}
