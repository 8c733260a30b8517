package dev.deploypipeline.approval;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exact text a human signs to override a guard (today: the promotion rule) for one deployment that does not
 * exist yet: the rule, the service, the environment (a step name such as {@code prod-eu+prod-us}), the version and
 * its commit, the reason, and when it was signed plus a random nonce. Its header differs from
 * {@link ApprovalPayload}'s, so a signed approval never passes as an override nor the other way round.
 */
public record OverridePayload(String rule, String service, String environment, String version, String commit,
    String reason, Instant signedAt, String nonce) {
  static final String HEADER = "deployment-pipeline override v1";
  private static final List<String> KEYS = List.of("rule", "service", "environment", "version", "commit", "reason",
      "signed-at", "nonce");

  public OverridePayload {
    if (reason != null && (reason.contains("\n") || reason.contains("\r"))) {
      throw new IllegalArgumentException("the reason must be one line");
    }
  }

  public String text() {
    return HEADER + "\nrule: " + rule + "\nservice: " + service + "\nenvironment: " + environment + "\nversion: "
        + version + "\ncommit: " + commit + "\nreason: " + reason + "\nsigned-at: " + signedAt + "\nnonce: " + nonce
        + "\n";
  }

  /** Parses {@link #text()}; throws IllegalArgumentException naming what is wrong. */
  public static OverridePayload parse(String text) {
    String[] lines = text == null ? new String[0] : text.split("\n", -1);
    if (lines.length < 1 || !HEADER.equals(lines[0])) {
      throw new IllegalArgumentException("signed override: must start with '" + HEADER + "'");
    }
    Map<String, String> v = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isEmpty()) continue;
      int c = lines[i].indexOf(": ");
      if (c < 0) throw new IllegalArgumentException("signed override line " + (i + 1) + ": expected 'key: value'");
      v.put(lines[i].substring(0, c), lines[i].substring(c + 2));
    }
    if (!v.keySet().equals(new java.util.LinkedHashSet<>(KEYS))) {
      throw new IllegalArgumentException("signed override: must have exactly the keys " + KEYS + ", found "
          + v.keySet());
    }
    try {
      return new OverridePayload(v.get("rule"), v.get("service"), v.get("environment"), v.get("version"),
          v.get("commit"), v.get("reason"), Instant.parse(v.get("signed-at")), v.get("nonce"));
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("signed override: signed-at must be an ISO instant");
    }
  }
}
