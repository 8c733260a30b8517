package dev.deploypipeline.engine;

import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.workflow.Approval;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Event;
import dev.deploypipeline.workflow.Release;
import dev.deploypipeline.workflow.StageEvents;
import dev.deploypipeline.workflow.StageRun;
import dev.deploypipeline.workflow.State;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The deploying-&lt;env&gt; stage of an environment with a target: the rollout decides, and its outcome becomes the
 * stage's event: promoted fires the stage's success event, rolled back fires ROLLBACK (the deployment ends
 * {@code rolled-back} with the failing check and its numbers as the reason), waiting leaves it for a human.
 */
final class ProgressiveStages {
  private final Transitions tx;
  private final ProgressiveStage progressive;
  private final BiFunction<Deployment, String, Release> previousRelease;

  ProgressiveStages(Transitions tx, ProgressiveStage progressive,
      BiFunction<Deployment, String, Release> previousRelease) {
    this.tx = tx;
    this.progressive = progressive;
    this.previousRelease = previousRelease;
  }

  /** False when the deployment now waits for a human (or ended). */
  boolean run(Deployment d, String env, PipelineConfig config) throws InterruptedException {
    String id = d.id();
    State s = d.state();
    String stage = s.id();
    if (d.stage(stage).isEmpty() || !StageRun.RUNNING.equals(d.stage(stage).get().status())) {
      tx.update(id, x -> {
        Deployment y = x.releases().stream().anyMatch(r -> r.environment().equals(env)) ? x
            : x.withRelease(previousRelease.apply(x, env), tx.clock().instant());
        return y.withStage(StageRun.started(stage, "rollout", tx.clock().instant(), null), tx.clock().instant());
      }, null);
      Deployment started = tx.store().find(id).orElseThrow();
      tx.each(l -> l.stageStarted(started, stage, 1));
    }
    ProgressiveStage.Outcome o;
    try {
      o = progressive.run(id, env, config);
    } catch (RuntimeException e) {
      String error = stage + " failed: " + e.getMessage();
      tx.fire(id, Event.FAILURE, PipelineRunner.ENGINE, x -> x.withStage(x.stage(stage).orElseThrow()
          .finished(StageRun.FAILED, tx.clock().instant()), tx.clock().instant()).withError(error,
              tx.clock().instant()), Map.of("stage", stage, "error", error));
      return false;
    }
    Map<String, Object> details = new LinkedHashMap<>(o.details());
    details.put("stage", stage);
    switch (o.result()) {
      case WAITING -> {
        return false;
      }
      case ROLLED_BACK -> {
        details.put("reason", o.reason());
        tx.fire(id, Event.ROLLBACK, PipelineRunner.ENGINE, x -> finish(x, stage, StageRun.FAILED)
            .withRollbackReason(o.reason(), tx.clock().instant()), details);
        return false;
      }
      default -> {
        Event success = StageEvents.successEvent(s).orElseThrow();
        tx.fire(id, success, PipelineRunner.ENGINE, x -> {
          Deployment y = finish(x, stage, StageRun.SUCCEEDED);
          Release r = y.releases().stream().filter(z -> z.environment().equals(env)).findFirst().orElseThrow();
          y = y.withRelease(r.deployed(tx.clock().instant()), tx.clock().instant());
          if (y.table().target(s, success).isGate()) {
            y = y.withApproval(new Approval(null, null, null, tx.clock().instant(), null), tx.clock().instant());
          }
          return y;
        }, details);
        return true;
      }
    }
  }

  private Deployment finish(Deployment x, String stage, String status) {
    return x.stage(stage).map(r -> x.withStage(r.finished(status, tx.clock().instant()), tx.clock().instant()))
        .orElse(x);
  }
}
