package dev.deploypipeline.router;

import tools.jackson.databind.json.JsonMapper;

/** The router package's JSON mapper (admin API bodies, access-log lines). */
final class JsonSupport {
  static final JsonMapper MAPPER = JsonMapper.builder().build();

  private JsonSupport() {}
}
