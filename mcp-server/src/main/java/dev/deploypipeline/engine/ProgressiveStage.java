package dev.deploypipeline.engine;

import dev.deploypipeline.config.PipelineConfig;
import java.util.Map;

/**
 * Deploys an environment that has a target (and usually a router and strategy) instead of running its deploy
 * command. Implemented by the rollout package; the engine only knows this shape so that no import runs back up.
 */
public interface ProgressiveStage {
  /** How the environment's rollout ended this time round. */
  enum Result {
    /** The new release has all traffic and every analysis passed: the stage succeeded. */
    PROMOTED,
    /** A check failed (or the previous owner died mid-rollout): stable has all traffic again. */
    ROLLED_BACK,
    /** Paused for a human (an "untilApproved" step or an inconclusive analysis); approval drives it on. */
    WAITING
  }

  /** {@code details} go into the audit line of the event that follows (measured numbers, failing check). */
  record Outcome(Result result, String reason, Map<String, Object> details) {}

  Outcome run(String deploymentId, String environment, PipelineConfig config) throws InterruptedException;

  /**
   * Rolls {@code environment} back from what {@code deploymentId} deployed there: a switch to the warm colour when
   * blue-green still has it, otherwise a redeploy of {@code toVersion} (null: the version it replaced).
   */
  RollbackOutcome rollback(String deploymentId, String environment, String toVersion, String actor,
      PipelineConfig config) throws InterruptedException;

  /**
   * Records a human's approval of a rollout parked in {@code environment} (an "untilApproved" step, or an
   * inconclusive analysis the human accepts); driving the deployment then goes on from there.
   */
  void approveStep(String deploymentId, String environment, String actor);

  /** The environment whose rollout waits for a human while {@code d} is deploying it, if any. */
  static java.util.Optional<String> parked(dev.deploypipeline.workflow.Deployment d) {
    java.util.Optional<String> env = d.state().environment();
    return env.filter(e -> d.releases().stream().anyMatch(r -> r.environment().equals(e) && r.rollout() != null
        && r.rollout().phase() == dev.deploypipeline.workflow.RolloutPhase.PAUSED
        && ("approval".equals(r.rollout().waitingFor()) || "inconclusive".equals(r.rollout().waitingFor()))));
  }

  /** {@code kind}: {@code switch}, {@code redeploy} or {@code abort} (a rollout still in progress was aborted). */
  record RollbackOutcome(String kind, String version, long durationMs) {}

  /** For engines built without progressive delivery: any environment with a target fails with this message. */
  ProgressiveStage NONE = new ProgressiveStage() {
    @Override
    public Outcome run(String deploymentId, String environment, PipelineConfig config) {
      throw unsupported(environment);
    }

    @Override
    public RollbackOutcome rollback(String deploymentId, String environment, String toVersion, String actor,
        PipelineConfig config) {
      throw unsupported(environment);
    }

    @Override
    public void approveStep(String deploymentId, String environment, String actor) {
      throw unsupported(environment);
    }

    private IllegalStateException unsupported(String env) {
      return new IllegalStateException("environment " + env + " has a target, but this server was built without "
          + "progressive delivery");
    }
  };
}
