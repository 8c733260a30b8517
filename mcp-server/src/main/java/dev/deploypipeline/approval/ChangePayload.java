package dev.deploypipeline.approval;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The exact text an approver signs for a change to the pipeline itself rather than to a deployment (deleting a
 * production environment): the service, the environment, the action, and when it was signed plus a random nonce.
 * Its header differs from {@link ApprovalPayload}'s, so a signature for one never passes as the other.
 */
public record ChangePayload(String service, String environment, String action, Instant signedAt, String nonce) {
  static final String HEADER = "deployment-pipeline change v1";
  private static final List<String> KEYS = List.of("service", "environment", "action", "signed-at", "nonce");

  public String text() {
    return HEADER + "\nservice: " + service + "\nenvironment: " + environment + "\naction: " + action
        + "\nsigned-at: " + signedAt + "\nnonce: " + nonce + "\n";
  }

  /** Parses {@link #text()}; throws IllegalArgumentException naming what is wrong. */
  public static ChangePayload parse(String text) {
    Map<String, String> v = ApprovalPayload.fields(text, HEADER, KEYS, "signed change");
    try {
      return new ChangePayload(v.get("service"), v.get("environment"), v.get("action"),
          Instant.parse(v.get("signed-at")), v.get("nonce"));
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("signed change: signed-at must be an ISO instant");
    }
  }
}
