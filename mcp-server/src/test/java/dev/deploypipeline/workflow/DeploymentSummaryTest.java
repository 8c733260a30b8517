package dev.deploypipeline.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class DeploymentSummaryTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  private static Attempt attempt(int n, long from, long to, String outcome) {
    return new Attempt(n, at(from), at(to), outcome, null, null, null);
  }

  private static Deployment base() {
    return Deployment.create("d-1", "hello-service", "main", "abc123", "1.2.3", "alice", T0);
  }

  @Test
  void stageDurationsAndRetriesAreSummed() {
    StageRun validate = StageRun.started("validate", "local", at(0), null)
        .withAttempt(attempt(1, 0, 4, Attempt.SUCCEEDED)).finished(StageRun.SUCCEEDED, at(4));
    StageRun build = StageRun.started("build", "local", at(4), null)
        .withAttempt(attempt(1, 4, 10, Attempt.FAILED))
        .withAttempt(attempt(2, 11, 20, Attempt.FAILED))
        .withAttempt(attempt(3, 22, 34, Attempt.SUCCEEDED))
        .finished(StageRun.SUCCEEDED, at(34));
    StageRun test = StageRun.started("test", "local", at(34), null)
        .withAttempt(attempt(1, 34, 40, Attempt.FAILED))
        .withAttempt(attempt(2, 41, 50, Attempt.SUCCEEDED));
    Deployment d = base().withStage(validate, at(4)).withStage(build, at(34)).withStage(test, at(50))
        .withState(State.TESTING, at(50));

    DeploymentSummary s = DeploymentSummary.of(d);
    assertThat(s.stageDurationsMs()).containsExactly(
        org.assertj.core.api.Assertions.entry("validate", 4_000L),
        org.assertj.core.api.Assertions.entry("build", 30_000L));
    assertThat(s.stageDurationsMs()).as("a stage still running has no duration yet").doesNotContainKey("test");
    assertThat(s.retries()).isEqualTo(2 + 1);
  }

  @Test
  void approvalWaitIsFromRequestToDecision() {
    Deployment d = base().withState(State.AWAITING_APPROVAL, at(60))
        .withApproval(new Approval(null, null, null, at(60), null), at(60));
    assertThat(DeploymentSummary.of(d).approvalWaitMs()).as("undecided").isNull();

    Deployment decided = d.withApproval(new Approval(Approval.APPROVE, "bob", "ok", at(60), at(60 + 900)), at(960))
        .withState(State.DEPLOYING_PROD, at(960));
    assertThat(DeploymentSummary.of(decided).approvalWaitMs()).isEqualTo(900_000L);
    assertThat(DeploymentSummary.of(base()).approvalWaitMs()).as("never asked").isNull();
  }

  @Test
  void environmentsListOnlyThoseActuallyDeployed() {
    Deployment d = base()
        .withRelease(new Release("dev", null, null, null, null).deployed(at(100)), at(100))
        .withRelease(new Release("staging", null, "d-0", "1.2.2", "fff"), at(110));
    assertThat(DeploymentSummary.of(d).environments()).containsExactly("dev");

    Deployment both = d.withRelease(new Release("staging", null, "d-0", "1.2.2", "fff").deployed(at(120)), at(120));
    assertThat(DeploymentSummary.of(both).environments()).containsExactlyInAnyOrder("dev", "staging");
  }

  @Test
  void totalDurationOnlyOnceTerminal() {
    Deployment running = base().withState(State.DEPLOYING_DEV, at(300));
    DeploymentSummary r = DeploymentSummary.of(running);
    assertThat(r.durationMs()).isNull();
    assertThat(r.endedAt()).isNull();
    assertThat(r.isActive()).isTrue();

    for (State terminal : List.of(State.COMPLETED, State.FAILED, State.ROLLED_BACK)) {
      DeploymentSummary t = DeploymentSummary.of(base().withState(terminal, at(1_234)));
      assertThat(t.durationMs()).as(terminal.id()).isEqualTo(1_234_000L);
      assertThat(t.endedAt()).isEqualTo(at(1_234));
      assertThat(t.isActive()).isFalse();
    }
  }

  @Test
  void copiesIdentityAndErrorAndSerialisesWithoutDerivedFields() {
    Deployment d = base().withState(State.FAILED, at(5)).withError("build: exit 2", at(5));
    DeploymentSummary s = DeploymentSummary.of(d);
    assertThat(s.id()).isEqualTo("d-1");
    assertThat(s.service()).isEqualTo("hello-service");
    assertThat(s.version()).isEqualTo("1.2.3");
    assertThat(s.startedBy()).isEqualTo("alice");
    assertThat(s.error()).isEqualTo("build: exit 2");
    assertThat(s.retries()).isZero();
    assertThat(s.environments()).isEmpty();

    JsonMapper m = JsonMapper.builder().build();
    String json = m.writeValueAsString(s);
    assertThat(json).contains("\"state\":\"failed\"").doesNotContain("active").doesNotContain("endedAt")
        .doesNotContain("approvalWaitMs");
    assertThat(m.readValue(json, DeploymentSummary.class)).isEqualTo(s);
  }
}
