package dev.deploypipeline.rest;

import java.util.Map;

/** A JSON answer: status, body (written through the redactor) and extra headers. */
public record Reply(int status, Object body, Map<String, String> headers) {
  public static Reply ok(Object body) {
    return new Reply(200, body, Map.of());
  }

  public static Reply created(Object body, String location) {
    return new Reply(201, body, Map.of("Location", location));
  }

  public static Reply accepted(Object body) {
    return new Reply(202, body, Map.of());
  }
}
