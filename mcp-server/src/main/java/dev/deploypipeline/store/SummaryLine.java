package dev.deploypipeline.store;

import dev.deploypipeline.workflow.DeploymentSummary;
import dev.deploypipeline.workflow.State;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads one index line into a {@link DeploymentSummary} with jackson-core's streaming parser, as {@link Json#MAPPER}
 * would (unknown members skipped, a missing {@code retries} 0), without databind: status and history read
 * summaries in every session's first call, and building the store's mapper and the record's deserializer cost
 * about 90 ms there, many times the read itself. {@code SummaryLineTest} holds the two readers to the same results.
 */
final class SummaryLine {
  private static final JsonFactory JSON = new JsonFactory();

  private SummaryLine() {}

  /** The summary on the line, or null if it is not one (as the databind reader's failure was taken). */
  static DeploymentSummary parse(byte[] line) {
    String id = null;
    String service = null;
    String branch = null;
    String commit = null;
    String version = null;
    State state = null;
    String startedBy = null;
    Instant createdAt = null;
    Instant updatedAt = null;
    Long durationMs = null;
    Map<String, Long> stageDurationsMs = null;
    int retries = 0;
    Long approvalWaitMs = null;
    List<String> environments = null;
    String error = null;
    try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return null;
      for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (name) {
          case "id" -> id = string(p, v);
          case "service" -> service = string(p, v);
          case "branch" -> branch = string(p, v);
          case "commit" -> commit = string(p, v);
          case "version" -> version = string(p, v);
          case "state" -> state = v == JsonToken.VALUE_NULL ? null : State.fromId(string(p, v))
              .orElseThrow(() -> new IllegalArgumentException("unknown state"));
          case "startedBy" -> startedBy = string(p, v);
          case "createdAt" -> createdAt = instant(p, v);
          case "updatedAt" -> updatedAt = instant(p, v);
          case "durationMs" -> durationMs = number(p, v);
          case "stageDurationsMs" -> stageDurationsMs = durations(p, v);
          case "retries" -> retries = v == JsonToken.VALUE_NULL ? 0 : p.getIntValue();
          case "approvalWaitMs" -> approvalWaitMs = number(p, v);
          case "environments" -> environments = strings(p, v);
          case "error" -> error = string(p, v);
          default -> p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT) return null;
    } catch (RuntimeException e) {
      return null;
    }
    return new DeploymentSummary(id, service, branch, commit, version, state, startedBy, createdAt, updatedAt,
        durationMs, stageDurationsMs, retries, approvalWaitMs, environments, error);
  }

  private static String string(JsonParser p, JsonToken v) {
    if (v == JsonToken.VALUE_NULL) return null;
    if (v != JsonToken.VALUE_STRING) throw new IllegalArgumentException("not a string");
    return p.getString();
  }

  private static Instant instant(JsonParser p, JsonToken v) {
    String s = string(p, v);
    return s == null ? null : Instant.parse(s);
  }

  private static Long number(JsonParser p, JsonToken v) {
    if (v == JsonToken.VALUE_NULL) return null;
    if (v != JsonToken.VALUE_NUMBER_INT) throw new IllegalArgumentException("not a whole number");
    return p.getLongValue();
  }

  private static Map<String, Long> durations(JsonParser p, JsonToken v) {
    if (v == JsonToken.VALUE_NULL) return null;
    if (v != JsonToken.START_OBJECT) throw new IllegalArgumentException("not an object");
    Map<String, Long> out = new LinkedHashMap<>();
    for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
      String name = p.currentName();
      out.put(name, number(p, p.nextToken()));
    }
    return out;
  }

  private static List<String> strings(JsonParser p, JsonToken v) {
    if (v == JsonToken.VALUE_NULL) return null;
    if (v != JsonToken.START_ARRAY) throw new IllegalArgumentException("not an array");
    List<String> out = new ArrayList<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) out.add(string(p, t));
    return out;
  }
}
