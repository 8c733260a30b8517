package dev.deploypipeline.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GuardsTest {
  private final Guards guards = Guards.standard();

  private static GuardContext start(List<String> otherActive) {
    return new GuardContext("d-2", "hello-service", State.PENDING, Event.START, "alice", "alice", otherActive,
        Set.of(), false);
  }

  private static GuardContext decide(Event event, String actor, String startedBy, Set<String> approvers,
      boolean preventSelf) {
    return new GuardContext("d-7", "hello-service", State.AWAITING_APPROVAL, event, actor, startedBy, List.of(),
        approvers, preventSelf);
  }

  @Test
  void startIsAllowedWhenNoOtherDeploymentOfTheServiceIsActive() {
    assertThat(guards.check(start(List.of()))).isEmpty();
  }

  @Test
  void startIsRefusedWhileAnotherDeploymentIsActiveAndSaysWhatToDo() {
    Optional<String> v = guards.check(start(List.of("d-1")));
    assertThat(v).contains("service 'hello-service' already has an active deployment d-1; finish it first "
        + "(approve, reject or roll back d-1), then start again");
  }

  @Test
  void approverListIsEnforcedForApproveAndReject() {
    Set<String> approvers = Set.of("carol", "bob");
    for (Event e : List.of(Event.APPROVED, Event.REJECTED)) {
      assertThat(guards.check(decide(e, "mallory", "alice", approvers, false)))
          .as(e.name())
          .contains("'mallory' is not an approver for this environment; approvers: bob, carol");
      assertThat(guards.check(decide(e, "bob", "alice", approvers, false))).as(e.name()).isEmpty();
    }
  }

  @Test
  void emptyApproverListLetsAnyoneDecide() {
    assertThat(guards.check(decide(Event.APPROVED, "anyone", "alice", Set.of(), false))).isEmpty();
    assertThat(guards.check(decide(Event.REJECTED, "anyone", "alice", Set.of(), false))).isEmpty();
  }

  @Test
  void selfApprovalIsRefusedOnlyWhenForbidden() {
    assertThat(guards.check(decide(Event.APPROVED, "alice", "alice", Set.of(), true)))
        .contains("'alice' started d-7 and this environment forbids self-approval; ask another approver to run "
            + "deploy approve d-7");
    assertThat(guards.check(decide(Event.APPROVED, "alice", "alice", Set.of(), false))).isEmpty();
    assertThat(guards.check(decide(Event.APPROVED, "bob", "alice", Set.of(), true))).isEmpty();
  }

  @Test
  void selfApprovalCheckAppliesEvenToAListedApprover() {
    assertThat(guards.check(decide(Event.APPROVED, "alice", "alice", Set.of("alice", "bob"), true)))
        .hasValueSatisfying(v -> assertThat(v).contains("forbids self-approval"));
  }

  @Test
  void rejectingYourOwnDeploymentIsAllowedEvenWithSelfApprovalForbidden() {
    // Stopping your own deployment is always safe; only letting it through needs a second person.
    assertThat(guards.check(decide(Event.REJECTED, "alice", "alice", Set.of(), true))).isEmpty();
  }

  @Test
  void eventsWithoutGuardsPass() {
    GuardContext c = new GuardContext("d-1", "s", State.BUILDING, Event.BUILD_COMPLETE, "x", "y", List.of("d-0"),
        Set.of("z"), true);
    assertThat(guards.check(c)).isEmpty();
  }

  @Test
  void customGuardsRunInOrderAndTheFirstViolationWins() {
    Guards g = new Guards()
        .on(Event.ROLLBACK, c -> Optional.empty())
        .on(Event.ROLLBACK, c -> Optional.of("first"))
        .on(Event.ROLLBACK, c -> Optional.of("second"));
    GuardContext c = new GuardContext("d-1", "s", State.FAILED, Event.ROLLBACK, "x", "y", List.of(), Set.of(), false);
    assertThat(g.check(c)).contains("first");
  }
}
