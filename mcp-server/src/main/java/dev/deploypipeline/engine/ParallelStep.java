package dev.deploypipeline.engine;

import dev.deploypipeline.config.EnvironmentSpec;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.config.StageSpec;
import dev.deploypipeline.executor.StageExecutor;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Failure;
import dev.deploypipeline.workflow.Release;
import dev.deploypipeline.workflow.StageEvents;
import dev.deploypipeline.workflow.StageRun;
import dev.deploypipeline.workflow.State;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The step of a parallel group ({@code deploying-prod-eu+prod-us}): each environment's deploy runs concurrently as
 * its own stage ({@code deploying-<env>}) with its own release, and the step's event fires once all succeeded. When
 * any fails, every environment of the step that was started is rolled back to the release it replaced, and the
 * deployment fails: a group is released together or not at all. Environments rolled out progressively (a target
 * with a router) cannot be in a group; config checks refuse that.
 */
final class ParallelStep {
  private final PipelineRunner runner;
  private final Transitions tx;

  ParallelStep(PipelineRunner runner) {
    this.runner = runner;
    this.tx = runner.transitions();
  }

  /** Runs the step to its outcome; true (the loop goes on from whatever state it left). */
  boolean run(Deployment d, PipelineConfig config) throws InterruptedException {
    State s = d.state();
    String id = d.id();
    Map<String, StageRunner.Job> jobs = new LinkedHashMap<>();
    for (String env : s.environments()) {
      String stage = State.deploying(env).id();
      // A member that finished before its driver died is not run again.
      if (d.stage(stage).filter(r -> !StageRun.RUNNING.equals(r.status()) && !StageRun.FAILED.equals(r.status())
          && !StageRun.INTERRUPTED.equals(r.status())).isPresent()) continue;
      EnvironmentSpec envSpec = config.environment(env);
      StageSpec spec = StagePlan.spec(config, State.deploying(env));
      if (envSpec == null || spec == null) {
        runner.fail(id, s, "no configuration for " + env + "; add environments." + env + " to "
            + ".claude/deployment-config.json");
        return true;
      }
      if (spec.isSkipped()) {
        tx.update(id, x -> x.withStage(StageRun.started(stage, "skip", tx.clock().instant(), null)
            .finished(StageRun.SKIPPED, tx.clock().instant()), tx.clock().instant()), null);
        continue;
      }
      StageExecutor executor = runner.executors().get(StagePlan.executor(config, spec));
      if (executor == null) {
        runner.fail(id, s, "executor '" + StagePlan.executor(config, spec) + "' is not available in this build; "
            + "use \"executor\": \"local\"");
        return true;
      }
      jobs.put(env, new StageRunner.Job(stage, spec, executor, config.retryOrDefault().toPolicy().retries(s),
          envSpec.healthCheck(), Map.of("ENVIRONMENT", env),
          x -> runner.held(x).withRelease(runner.previousRelease(x, env), tx.clock().instant()), null));
    }
    Map<String, Failure> failures = runAll(id, jobs, config);
    if (failures.isEmpty()) {
      tx.fire(id, StageEvents.successEvent(s).orElseThrow(), PipelineRunner.ENGINE, x -> {
        Deployment y = runner.held(x);
        for (Release r : y.releases()) {
          if (s.environments().contains(r.environment()) && r.deployedAt() == null) {
            y = y.withRelease(r.deployed(tx.clock().instant()), tx.clock().instant());
          }
        }
        return runner.reachedGate(y, config);
      }, Map.of("stage", s.id(), "environments", s.environments()));
      return true;
    }
    runner.fail(id, s, failures.entrySet().stream().map(e -> e.getKey() + " failed: " + e.getValue().message())
        .reduce((a, b) -> a + "; " + b).orElseThrow() + "; " + restoreStarted(id, s, config));
    return true;
  }

  private Map<String, Failure> runAll(String id, Map<String, StageRunner.Job> jobs, PipelineConfig config)
      throws InterruptedException {
    Map<String, Failure> failures = new LinkedHashMap<>();
    if (jobs.isEmpty()) return failures;
    ExecutorService pool = Executors.newFixedThreadPool(jobs.size(), r -> {
      Thread t = new Thread(r, "parallel-step-" + id);
      t.setDaemon(true);
      return t;
    });
    try {
      Map<String, Future<Optional<Failure>>> running = new LinkedHashMap<>();
      jobs.forEach((env, job) -> running.put(env, pool.submit(() -> runner.stageRunner(config).run(id, job))));
      for (var e : running.entrySet()) {
        try {
          e.getValue().get().ifPresent(f -> failures.put(e.getKey(), f));
        } catch (ExecutionException ex) {
          // A lost lease ends this driver's part, as it does for a single stage.
          if (ex.getCause() instanceof LeaseKeeper.LostException lost) throw lost;
          failures.put(e.getKey(), Failure.permanent(String.valueOf(ex.getCause().getMessage())));
        }
      }
    } finally {
      // Interrupted (cancel, shutdown): the members' commands are killed and recorded as interrupted.
      pool.shutdownNow();
    }
    return failures;
  }

  /** Rolls back each environment of the step that this deployment started; says what it restored. */
  private String restoreStarted(String id, State s, PipelineConfig config) throws InterruptedException {
    Deployment d = tx.store().find(id).orElseThrow();
    List<String> restored = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Rollbacks rollbacks = new Rollbacks(runner);
    // In the step's order, not the order the concurrent members recorded their releases, so reports read the same.
    for (String env : s.environments()) {
      Release r = d.releases().stream().filter(x -> x.environment().equals(env)).findFirst().orElse(null);
      if (r == null) continue;
      try {
        rollbacks.rollbackEnvironment(d, r, config, PipelineRunner.ENGINE, null);
        tx.update(id, x -> x.withoutRelease(r.environment(), tx.clock().instant()), null);
        restored.add(r.environment());
      } catch (Rollbacks.RollbackFailedException e) {
        problems.add(e.getMessage());
      }
    }
    String text = restored.isEmpty() ? "no environment of the group was restored"
        : "rolled back " + String.join(" and ", restored) + " to the releases they ran before";
    return problems.isEmpty() ? text : text + "; " + String.join("; ", problems);
  }
}
