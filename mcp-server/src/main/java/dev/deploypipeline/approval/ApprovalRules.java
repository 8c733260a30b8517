package dev.deploypipeline.approval;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a decision satisfies an environment's gate, judged on verified identities only: a name that is merely
 * claimed (an environment variable, a typed form field) never satisfies an {@code approvers} list nor proves that
 * the approver is not the starter.
 */
public final class ApprovalRules {
  /** The rule that refused (recorded in the audit trail), why, and what a human does instead. */
  public record Violation(String rule, String reason, String nextStep) {}

  private ApprovalRules() {}

  public static String signedCommand(String id, String decision) {
    return "deployment-pipeline deploy " + ("reject".equals(decision) ? "reject " + id + " -m \"<reason>\"" : "approve "
        + id) + " --sign ~/.ssh/id_ed25519";
  }

  /**
   * @param starters the starter's identities: the name recorded at start and the OS user that ran it
   */
  public static Optional<Violation> check(GatePolicy policy, Approver a, String decision, String id,
      Set<String> starters) {
    boolean approve = "approve".equals(decision);
    String signed = signedCommand(id, decision);
    if (approve && policy.requiresApproval() && a.method() == Approver.Method.NONE) {
      return Optional.of(new Violation("verifiedHuman", "approving needs a verified human: no terminal on stdin to "
          + "confirm at, and no signature (a user name in an environment variable proves nothing)",
          "a human runs it at a terminal (and types the id), or signs it: " + signed));
    }
    if (!policy.approvers().isEmpty()) {
      if (!a.method().identifies) {
        return Optional.of(new Violation("approvers", "this environment names approvers ("
            + String.join(", ", policy.approvers()) + ") and " + describe(a.method()) + " does not prove who is "
            + "deciding", "an approver signs it: " + signed));
      }
      if (a.identities().stream().noneMatch(policy.approvers()::contains)) {
        return Optional.of(new Violation("approvers", "'" + String.join(", ", a.identities().stream().sorted()
            .toList()) + "' is not an approver for this environment (verified by " + a.method().id + "); approvers: "
            + String.join(", ", policy.approvers()), "an approver signs it with a key listed for them in the "
            + "allowed-signers file: " + signed));
      }
    }
    if (approve && policy.preventSelfApproval()) {
      if (!a.method().identifies) {
        return Optional.of(new Violation("preventSelfApproval", "this environment forbids self-approval and "
            + describe(a.method()) + " does not prove who is approving", "another person signs it: " + signed));
      }
      Set<String> same = new HashSet<>(a.identities());
      same.retainAll(starters);
      if (!same.isEmpty()) {
        return Optional.of(new Violation("preventSelfApproval", "'" + same.iterator().next() + "' started " + id
            + " and this environment forbids self-approval", "ask another approver to sign it: " + signed));
      }
    }
    return Optional.empty();
  }

  private static String describe(Approver.Method m) {
    return m == Approver.Method.MCP_ACCEPT ? "an accepted confirmation form" : "an unverified request";
  }
}
