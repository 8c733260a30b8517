package dev.deploypipeline.mcp;

import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Rollout;
import dev.deploypipeline.workflow.State;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Blocks a tool call until a background drive reaches the gate or the end, sending a progress notification on
 * each state change (which also keeps Claude Code's idle timer alive) and on each step of a progressive rollout
 * (phase, step, traffic share, verdict). Returns the latest state on timeout.
 */
public final class Waiter {
  private final DeploymentService service;
  private final Clock clock;

  public Waiter(DeploymentService service, Clock clock) {
    this.service = service;
    this.clock = clock;
  }

  public Clock clock() {
    return clock;
  }

  public Deployment await(String id, CompletableFuture<Deployment> run, int timeoutSeconds, ToolContext ctx) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    State last = null;
    String lastStep = null;
    int stepsInState = 0;
    while (true) {
      Deployment d = service.get(id);
      if (d.state() != last) {
        last = d.state();
        stepsInState = 0;
        ctx.progress(place(d), (double) steps(d), id + ": " + last.id());
      }
      String step = rolloutStep(d);
      if (step != null && !step.equals(lastStep)) {
        lastStep = step;
        // Progress must grow with every notification: rollout steps count up within the state's unit.
        stepsInState = Math.min(stepsInState + 1, 99);
        ctx.progress(place(d) + stepsInState / 100.0, (double) steps(d), id + ": " + step);
      }
      if (run.isDone() || System.nanoTime() > deadline) return service.get(id);
      try {
        run.get(250, TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // Still running, or the driver failed unexpectedly: the stored state tells which.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return service.get(id);
      }
    }
  }

  /** "prod canary step 2/4: 25 % on v2, verifying; last analysis step-1@10% successful", or null. */
  static String rolloutStep(Deployment d) {
    String env = d.state().environment().orElse(null);
    if (env == null) return null;
    return d.releases().stream().filter(r -> r.environment().equals(env) && r.rollout() != null).findFirst()
        .map(r -> {
          Rollout x = r.rollout();
          String s = env + " " + x.strategy() + " step " + (x.step() + 1) + "/" + x.steps() + ": " + x.newPercent()
              + " % on " + x.newVersion() + ", " + x.phase().id()
              + (x.waitingFor() == null ? "" : " (" + x.waitingFor() + ")");
          if (!x.verdicts().isEmpty()) {
            Rollout.Verdict v = x.verdicts().get(x.verdicts().size() - 1);
            s += "; last analysis " + v.at() + " " + v.verdict()
                + (v.failingCheck() == null ? "" : " on " + v.failingCheck());
          }
          return s;
        }).orElse(null);
  }

  /** How far along its route a deployment is: its state's place among the route's states, up to completed. */
  private static int place(Deployment d) {
    List<State> states = d.table().states();
    return Math.max(0, Math.min(states.indexOf(d.state()), steps(d)));
  }

  private static int steps(Deployment d) {
    return d.table().states().indexOf(State.COMPLETED);
  }
}
