package dev.deploypipeline.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Release;
import dev.deploypipeline.workflow.Rollout;
import dev.deploypipeline.workflow.RolloutEvent;
import dev.deploypipeline.workflow.State;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaiterRolloutTest {
  @Test
  void aRolloutStepReadsAsEnvironmentStrategyStepShareAndLastVerdict() {
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    Rollout r = Rollout.start("canary", 4, "v1", "v2", t).apply(RolloutEvent.READY, t).atStep(1)
        .withInstances(List.of(new Rollout.Member("a", "stable", "s", "v1", "127.0.0.1:1", 1, t, null, false),
            new Rollout.Member("b", "new", "canary", "v2", "127.0.0.1:2", 2, t, null, false)))
        .withWeights(List.of(new Rollout.Weight("127.0.0.1:1", 3), new Rollout.Weight("127.0.0.1:2", 1)))
        .withVerdict(new Rollout.Verdict("step-1@10%", "successful", null, List.of(), t));
    Deployment d = Deployment.create("d-7", "svc", "main", "c", "v2", "alice", t).withState(State.DEPLOYING_PROD, t)
        .withRelease(new Release("prod", null, null, "v1", null).withRollout(r), t);

    assertThat(Waiter.rolloutStep(d))
        .isEqualTo("prod canary step 2/4: 25 % on v2, promoting; last analysis step-1@10% successful");
    assertThat(Waiter.rolloutStep(d.withState(State.DEPLOYING_STAGING, t))).isNull();
  }
}
