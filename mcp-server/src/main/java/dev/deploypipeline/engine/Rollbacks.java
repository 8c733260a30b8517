package dev.deploypipeline.engine;

import dev.deploypipeline.config.EnvironmentSpec;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.config.StageSpec;
import dev.deploypipeline.executor.StageExecutor;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Event;
import dev.deploypipeline.workflow.Failure;
import dev.deploypipeline.workflow.Release;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rollback as a recipe: stop driving the deployment, then for every environment it touched, newest first, run
 * that environment's rollback with the release it replaced, health-check it, and only when all of them worked
 * record ROLLBACK. A failed step leaves the state as it was, so the rollback can simply be run again.
 */
public final class Rollbacks {
  /** A rollback step failed; the deployment is unchanged and the message says which environment and why. */
  public static final class RollbackFailedException extends RuntimeException {
    public RollbackFailedException(String message) {
      super(message);
    }
  }

  private final PipelineRunner runner;

  public Rollbacks(PipelineRunner runner) {
    this.runner = runner;
  }

  public Deployment rollback(String id, PipelineConfig config, String actor, String reason)
      throws InterruptedException {
    return rollback(id, config, actor, reason, null, null);
  }

  /**
   * Same; with {@code onlyEnvironment} only that environment is restored, and with {@code toVersion} to that
   * version (a recorded one) rather than the one this deployment replaced.
   */
  public Deployment rollback(String id, PipelineConfig config, String actor, String reason, String onlyEnvironment,
      String toVersion) throws InterruptedException {
    Transitions tx = runner.transitions();
    Transitions.requireLegal(tx.store().find(id).orElseThrow(), Event.ROLLBACK);
    runner.cancel(id);
    Deployment d = tx.store().find(id).orElseThrow();
    Transitions.requireLegal(d, Event.ROLLBACK);
    List<Release> newestFirst = new ArrayList<>(d.releases());
    Collections.reverse(newestFirst);
    List<String> restored = new ArrayList<>();
    List<Map<String, Object>> moves = new ArrayList<>();
    for (Release r : newestFirst) {
      if (onlyEnvironment != null && !onlyEnvironment.equals(r.environment())) continue;
      if (r.rollout() != null) moves.add(rollbackProgressive(d, r, config, actor, toVersion));
      else rollbackEnvironment(d, r, config, actor, toVersion);
      restored.add(r.environment());
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("reason", reason);
    details.put("environments", restored);
    if (toVersion != null) details.put("toVersion", toVersion);
    if (!moves.isEmpty()) details.put("rollbacks", moves);
    return tx.fire(id, Event.ROLLBACK, actor, x -> x.withRollbackReason(reason, tx.clock().instant()), details);
  }

  private Map<String, Object> rollbackProgressive(Deployment d, Release r, PipelineConfig config, String actor,
      String toVersion) throws InterruptedException {
    ProgressiveStage.RollbackOutcome o;
    try {
      o = runner.progressive().rollback(d.id(), r.environment(), toVersion, actor, config);
    } catch (RuntimeException e) {
      throw new RollbackFailedException(e.getMessage());
    }
    // Recorded as the environment's rollback stage, so that history and its medians show how long it took.
    java.time.Instant end = runner.transitions().clock().instant();
    runner.transitions().update(d.id(), x -> x.withStage(new dev.deploypipeline.workflow.StageRun("rollback-"
        + r.environment(), dev.deploypipeline.workflow.StageRun.SUCCEEDED, "rollout-" + o.kind(),
        end.minusMillis(o.durationMs()), end, List.of(), null, Map.of("kind", o.kind(),
            "version", String.valueOf(o.version()))), end), null);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("environment", r.environment());
    m.put("kind", o.kind());
    if (o.version() != null) m.put("version", o.version());
    m.put("rollbackMs", o.durationMs());
    return m;
  }

  void rollbackEnvironment(Deployment d, Release r, PipelineConfig config, String actor, String toVersion)
      throws InterruptedException {
    EnvironmentSpec env = config.environment(r.environment());
    StageSpec spec = StagePlan.rollback(env);
    if (spec == null || spec.isSkipped()) {
      throw new RollbackFailedException("environment " + r.environment() + " has no rollback command; add "
          + "environments." + r.environment() + ".rollback.command to .claude/deployment-config.json, or roll it "
          + "back by hand");
    }
    StageExecutor executor = runner.executors().get(StagePlan.executor(config, spec));
    Map<String, String> ctx = new LinkedHashMap<>();
    ctx.put("ENVIRONMENT", r.environment());
    ctx.put("PREVIOUS_VERSION", nz(toVersion != null ? toVersion : r.previousVersion()));
    ctx.put("PREVIOUS_COMMIT", nz(r.previousCommit()));
    ctx.put("PREVIOUS_DEPLOYMENT_ID", nz(r.previousDeploymentId()));
    ctx.put("ROLLBACK_ACTOR", actor);
    boolean healthCheck = r.previousVersion() != null && env.healthCheck() != null;
    StageRunner.Job job = new StageRunner.Job("rollback-" + r.environment(), spec, executor, true,
        healthCheck ? env.healthCheck() : null, ctx);
    Optional<Failure> f = runner.stageRunner(config).run(d.id(), job);
    if (f.isPresent()) {
      throw new RollbackFailedException("rollback of " + r.environment() + " failed: " + f.get().message()
          + "; see the rollback-" + r.environment() + " log in the deployment's status, fix it, and run the rollback "
          + "again");
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
