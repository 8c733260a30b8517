package dev.deploypipeline.router;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Parses Caddy's JSON access-log lines. Caddy 2.6 has no per-upstream metrics and does not log the upstream, so
 * the generated config copies it into the {@link CaddyConfig#UPSTREAM_HEADER} response header, which the access
 * log records with the status and the duration (seconds).
 */
final class CaddyLogLine implements AccessLog.LineParser {
  @Override
  public Optional<AccessLog.Entry> parse(String line) {
    JsonNode n;
    try {
      n = JsonSupport.MAPPER.readTree(line);
    } catch (RuntimeException e) {
      return Optional.empty(); // not an access-log line; counting it would be a guess
    }
    JsonNode up = n.path("resp_headers").path(CaddyConfig.UPSTREAM_HEADER).path(0);
    if (!up.isString() || up.asString().isEmpty()) return Optional.empty();
    return Optional.of(new AccessLog.Entry(up.asString(), n.path("status").asInt(0),
        n.path("duration").asDouble(0) * 1000));
  }
}
