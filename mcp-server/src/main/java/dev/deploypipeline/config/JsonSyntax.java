package dev.deploypipeline.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
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
  /** Built on the first full read, not by a look at the top level ({@link #topLevelKeys}). */
  private static final class Mapper {
    static final JsonMapper JSON = JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        // The YAML reader that used to read .json files let a trailing comma pass; so does this.
        .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
        .build();
  }

  /** The same reading rules for a streaming look at the top level, without building the mapper. */
  private static final JsonFactory STREAMING = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
      .build();

  private JsonSyntax() {}

  /** The member names of a JSON object text, or null if it is not one (or not valid JSON). */
  static Set<String> topLevelKeys(String text) {
    try (JsonParser p = STREAMING.createParser(ObjectReadContext.empty(), text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return null;
      Set<String> keys = new LinkedHashSet<>();
      for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
        keys.add(p.currentName());
        p.nextToken();
        p.skipChildren();
      }
      return keys;
    } catch (JacksonException e) {
      return null;
    }
  }

  /** The parsed tree (maps, lists, strings, numbers, booleans, null); a {@link ConfigException} otherwise. */
  static Object read(String text, String source) {
    try {
      return Mapper.JSON.readValue(text, Object.class);
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
