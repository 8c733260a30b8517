package dev.deploypipeline.approval;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exact text an approver signs. It names one deployment (id, service, commit and when it started, so the same
 * id in another store or a later deployment does not match), the environment, the decision, and when it was
 * signed plus a random nonce, so an old signature cannot be replayed.
 */
public record ApprovalPayload(String deploymentId, String service, String environment, String commit,
    Instant deploymentStartedAt, String decision, Instant signedAt, String nonce) {
  static final String HEADER = "deployment-pipeline approval v1";
  private static final List<String> KEYS = List.of("deployment", "service", "environment", "commit", "started",
      "decision", "signed-at", "nonce");

  public String text() {
    return HEADER + "\n" + "deployment: " + deploymentId + "\nservice: " + service + "\nenvironment: " + environment
        + "\ncommit: " + commit + "\nstarted: " + deploymentStartedAt + "\ndecision: " + decision + "\nsigned-at: "
        + signedAt + "\nnonce: " + nonce + "\n";
  }

  /**
   * The {@code key: value} lines of a signed text under {@code header}, exactly {@code keys}; throws
   * IllegalArgumentException naming {@code what} and the first line that is wrong.
   */
  static Map<String, String> fields(String text, String header, List<String> keys, String what) {
    String[] lines = text == null ? new String[0] : text.split("\n", -1);
    if (lines.length < 1 || !header.equals(lines[0])) {
      throw new IllegalArgumentException(what + ": must start with '" + header + "'");
    }
    Map<String, String> v = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isEmpty()) continue;
      int c = lines[i].indexOf(": ");
      if (c < 0) throw new IllegalArgumentException(what + " line " + (i + 1) + ": expected 'key: value'");
      v.put(lines[i].substring(0, c), lines[i].substring(c + 2));
    }
    if (!v.keySet().equals(new java.util.LinkedHashSet<>(keys))) {
      throw new IllegalArgumentException(what + ": must have exactly the keys " + keys + ", found " + v.keySet());
    }
    return v;
  }

  /** Parses {@link #text()}; throws IllegalArgumentException naming the first line that is wrong. */
  public static ApprovalPayload parse(String text) {
    Map<String, String> v = fields(text, HEADER, KEYS, "signed payload");
    try {
      return new ApprovalPayload(v.get("deployment"), v.get("service"), v.get("environment"), v.get("commit"),
          Instant.parse(v.get("started")), v.get("decision"), Instant.parse(v.get("signed-at")), v.get("nonce"));
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("signed payload: started and signed-at must be ISO instants");
    }
  }
}
