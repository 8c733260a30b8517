package dev.deploypipeline.mcp;

import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.State;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Blocks a tool call until a background drive reaches the gate or the end, sending a progress notification on
 * each state change (which also keeps Claude Code's idle timer alive). Returns the latest state on timeout.
 */
public final class Waiter {
  private static final int STEPS = State.COMPLETED.ordinal();

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
    while (true) {
      Deployment d = service.get(id);
      if (d.state() != last) {
        last = d.state();
        ctx.progress(Math.min(last.ordinal(), STEPS), (double) STEPS, id + ": " + last.id());
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
}
