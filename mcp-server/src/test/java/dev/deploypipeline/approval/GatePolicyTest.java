package dev.deploypipeline.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GatePolicyTest {
  final GatePolicy strict = new GatePolicy(true, List.of("lead@example.com"), true);
  final GatePolicy open = new GatePolicy(false, List.of(), false);

  @Test
  void eitherSourceCanOnlyMakeItStricter() {
    assertThat(open.stricter(strict)).isEqualTo(strict);
    assertThat(strict.stricter(open)).isEqualTo(strict);
    GatePolicy two = new GatePolicy(true, List.of("a", "b"), false).stricter(new GatePolicy(false, List.of("b", "c"),
        false));
    assertThat(two.approvers()).containsExactly("b");
    assertThat(two.requiresApproval()).isTrue();
  }

  @Test
  void weakeningsNameTheKey() {
    assertThat(open.weakeningsAgainst(strict, "prod")).containsExactly(
        "environments.prod.requiresApproval is false here but true in force",
        "environments.prod.preventSelfApproval is false here but true in force",
        "environments.prod.approvers is empty here; in force: lead@example.com");
    assertThat(strict.weakeningsAgainst(strict, "prod")).isEmpty();
  }

  @Test
  void aClaimOrAClickNeverSatisfiesApproversButAVerifiedIdentityDoes() {
    GatePolicy p = new GatePolicy(true, List.of("lead@example.com"), false);
    assertThat(ApprovalRules.check(p, Approver.unverified("lead@example.com", "cli"), "approve", "d-1", Set.of()))
        .get().extracting(ApprovalRules.Violation::rule).isEqualTo("verifiedHuman");
    assertThat(ApprovalRules.check(p, Approver.clicked("lead@example.com", "mcp"), "approve", "d-1", Set.of()))
        .get().satisfies(v -> {
          assertThat(v.rule()).isEqualTo("approvers");
          assertThat(v.nextStep()).contains("deployment-pipeline deploy approve d-1 --sign");
        });
    Approver signed = new Approver("lead@example.com", Approver.Method.SSH_SIGNATURE,
        Set.of("lead@example.com", "lead"), "cli", null);
    assertThat(ApprovalRules.check(p, signed, "approve", "d-1", Set.of("alice"))).isEmpty();
    Approver terminal = new Approver("alice", Approver.Method.TERMINAL, Set.of("alice"), "cli", null);
    assertThat(ApprovalRules.check(p, terminal, "approve", "d-1", Set.of())).isPresent();
  }

  @Test
  void selfApprovalComparesVerifiedIdentitiesAndAClickCannotProveItIsSomeoneElse() {
    GatePolicy p = new GatePolicy(true, List.of(), true);
    Approver aliceAtTerminal = new Approver("alice", Approver.Method.TERMINAL, Set.of("alice", "alice@example.com"),
        "cli", null);
    assertThat(ApprovalRules.check(p, aliceAtTerminal, "approve", "d-1", Set.of("alice@example.com")))
        .get().extracting(ApprovalRules.Violation::rule).isEqualTo("preventSelfApproval");
    assertThat(ApprovalRules.check(p, aliceAtTerminal, "approve", "d-1", Set.of("bob"))).isEmpty();
    assertThat(ApprovalRules.check(p, Approver.clicked("bob", "mcp"), "approve", "d-1", Set.of("alice")))
        .get().extracting(ApprovalRules.Violation::rule).isEqualTo("preventSelfApproval");
    // A click satisfies a gate with neither list nor self-approval rule; a rejection never needs a terminal.
    GatePolicy plain = new GatePolicy(true, List.of(), false);
    assertThat(ApprovalRules.check(plain, Approver.clicked("x", "mcp"), "approve", "d-1", Set.of())).isEmpty();
    assertThat(ApprovalRules.check(plain, Approver.unverified("x", "cli"), "reject", "d-1", Set.of())).isEmpty();
  }
}
