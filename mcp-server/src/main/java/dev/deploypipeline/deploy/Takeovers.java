package dev.deploypipeline.deploy;

import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.engine.LeaseKeeper;
import dev.deploypipeline.engine.PipelineRunner;
import dev.deploypipeline.engine.StagePlan;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Event;
import dev.deploypipeline.workflow.StageRun;
import dev.deploypipeline.workflow.State;
import java.util.List;
import java.util.Map;

/**
 * Taking over a deployment whose driver is gone. The lease is taken in one store transaction first, so of two
 * processes resuming at once only one goes on. Then a stage that was running and is neither idempotent nor
 * re-attachable fails as interrupted without running again; anything else is driven on from where it stands.
 */
final class Takeovers {
  private final DeploymentService service;
  private final PipelineRunner runner;

  Takeovers(DeploymentService service, PipelineRunner runner) {
    this.service = service;
    this.runner = runner;
  }

  /** Takes the lease; returns the deployment if nothing is left to drive (ended, at the gate, failed now). */
  Deployment takeOver(String id, PipelineConfig config) {
    Deployment d = service.get(id);
    // At the gate a driver lets go of its lease; one still there means it died on the way through (an automatic
    // approval policy), so the gate is passed again by the runner, which stops there if approval is required.
    if (d.state().isTerminal() || (d.state().isGate() && d.lease() == null)) return d;
    Deployment held;
    try {
      held = runner.leases().claim(id);
    } catch (LeaseKeeper.HeldException e) {
      throw DeploymentService.busy(id, e);
    }
    try {
      return failIfUnsafeToRerun(held, config);
    } catch (RuntimeException e) {
      runner.leases().release(id);
      throw e;
    }
  }

  /** Active deployments whose lease holder is gone: a dead pid on this host, or a stale heartbeat elsewhere. */
  List<String> expired() {
    service.store().repairAfterCrash();
    return service.store().active().stream().map(s -> service.store().find(s.id())).flatMap(java.util.Optional::stream)
        .filter(d -> !d.state().isTerminal())
        .filter(d -> d.lease() != null && !runner.leases().isMine(d.lease()) && !runner.leases().alive(d.lease()))
        .map(Deployment::id).toList();
  }

  private Deployment failIfUnsafeToRerun(Deployment d, PipelineConfig config) {
    State s = d.state();
    if (!s.isStage() || s == State.PENDING) return null;
    StageRun run = d.stage(s.id()).orElse(null);
    if (run == null || StageRun.SUCCEEDED.equals(run.status())) return null;
    var spec = StagePlan.spec(config, s);
    // A Harness stage re-attaches to its recorded execution, or finds the one tagged with this deployment, so
    // running it again never starts a second execution.
    boolean reattach = "harness".equals(run.executor());
    if (spec == null || spec.isIdempotent() || reattach) return null;
    String error = s.id() + " was interrupted when its driver stopped; it is not marked idempotent, so it is not "
        + "run again";
    java.time.Instant now = runner.transitions().clock().instant();
    runner.leases().forget(d.id());
    return runner.transitions().fire(d.id(), Event.FAILURE, service.actor(), x -> x.withError(error, now).withLease(null)
        .withStage(x.stage(s.id()).orElseThrow().finished(StageRun.INTERRUPTED, now), now),
        Map.of("stage", s.id(), "error", error, "interrupted", true));
  }

}
