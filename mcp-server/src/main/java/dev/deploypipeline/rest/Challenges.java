package dev.deploypipeline.rest;

import dev.deploypipeline.approval.ApprovalPayload;
import dev.deploypipeline.approval.SshSignatures;
import dev.deploypipeline.deploy.DeploymentFacts;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.workflow.Deployment;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The texts a human signs to decide over REST: the service's approval payload (deployment, commit, decision, time,
 * nonce). One is kept per deployment and decision for a while, so a page reload shows the same challenge and a
 * decision sent without it is checked against the one shown.
 */
final class Challenges {
  /** Well inside the service's 15 minutes, so a challenge shown is still signable for a few minutes. */
  static final Duration REUSE = Duration.ofMinutes(10);
  static final int MAX = 256;

  private final DeploymentService service;
  private final Clock clock;
  private final Map<String, ApprovalPayload> issued = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, ApprovalPayload> eldest) {
      return size() > MAX;
    }
  };

  Challenges(DeploymentService service, Clock clock) {
    this.service = service;
    this.clock = clock;
  }

  /** The challenge text for {@code decision} on {@code id}: the one issued recently, else a fresh one. */
  synchronized String current(String id, String decision) {
    String key = id + " " + decision;
    ApprovalPayload p = issued.get(key);
    if (p == null || p.signedAt().plus(REUSE).isBefore(clock.instant())) {
      p = service.approvals().payload(id, decision, clock);
      issued.put(key, p);
    }
    return p.text();
  }

  /** What a deployment's view shows while it waits for a human: the challenges and how to sign them. */
  Optional<Map<String, Object>> forView(Deployment d) {
    if (!DeploymentFacts.awaitsDecision(d)) return Optional.empty();
    Map<String, Object> m = new LinkedHashMap<>();
    String approve = current(d.id(), "approve");
    m.put("challenge", approve);
    m.put("signCommand", signCommand(approve));
    String reject = current(d.id(), "reject");
    m.put("rejectChallenge", reject);
    m.put("rejectSignCommand", signCommand(reject));
    return Optional.of(m);
  }

  /**
   * A shell line that prints the challenge byte for byte (no copy-and-paste of trailing newlines) into
   * {@code ssh-keygen -Y sign}; the armored signature comes out on stdout. The payload's lines hold ids, names,
   * a commit, ISO times and a UUID: no quotes to escape.
   */
  static String signCommand(String challenge) {
    StringBuilder b = new StringBuilder("printf '%s\\n'");
    for (String line : challenge.split("\n")) b.append(" '").append(line.replace("'", "")).append('\'');
    return b.append(" | ssh-keygen -Y sign -n ").append(SshSignatures.NAMESPACE).append(" -f ~/.ssh/id_ed25519")
        .toString();
  }
}
