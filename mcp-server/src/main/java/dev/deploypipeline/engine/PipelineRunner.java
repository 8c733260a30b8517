package dev.deploypipeline.engine;

import dev.deploypipeline.config.EnvironmentSpec;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.config.StageSpec;
import dev.deploypipeline.executor.StageExecutor;
import dev.deploypipeline.executor.StageResult;
import dev.deploypipeline.store.HistoryQuery;
import dev.deploypipeline.workflow.Approval;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.DeploymentSummary;
import dev.deploypipeline.workflow.Event;
import dev.deploypipeline.workflow.Failure;
import dev.deploypipeline.workflow.Release;
import dev.deploypipeline.workflow.Sleeper;
import dev.deploypipeline.workflow.StageEvents;
import dev.deploypipeline.workflow.State;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a deployment from wherever it stands to the approval gate or to its end: runs each stage through
 * {@link StageRunner}, fires the stage's success event or FAILURE, and holds a lease while it does so that others
 * can see who is driving it.
 */
public final class PipelineRunner {
  private static final Logger log = LoggerFactory.getLogger(PipelineRunner.class);
  public static final String ENGINE = "engine";

  private final Transitions tx;
  private final Map<String, StageExecutor> executors;
  private final Sleeper sleeper;
  private final HealthChecker health;
  private final Path projectDir;
  private final LeaseKeeper leases;
  private final ProgressiveStage progressive;
  private final Map<String, Thread> driving = new ConcurrentHashMap<>();
  private volatile boolean shuttingDown;
  private volatile java.util.function.BiPredicate<Deployment, PipelineConfig> approvalRequired =
      (d, config) -> d.routeOrDefault().gatedStep().map(s -> s.environments().stream().anyMatch(e ->
          config.environment(e) == null || config.environment(e).approvalRequired(e))).orElse(false);
  private final ExecutorService background = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "pipeline-runner");
    t.setDaemon(true);
    return t;
  });

  /** The server's environment: stage processes get only the part their config declares (see StageEnvironment). */
  private final Map<String, String> env;

  public PipelineRunner(Transitions tx, Map<String, StageExecutor> executors, Sleeper sleeper, HealthChecker health,
      Path projectDir) {
    this(tx, executors, sleeper, health, projectDir, System.getenv(), ProgressiveStage.NONE);
  }

  /** With {@code progressive} deploying the environments that have a target (see {@link ProgressiveStages}). */
  public PipelineRunner(Transitions tx, Map<String, StageExecutor> executors, Sleeper sleeper, HealthChecker health,
      Path projectDir, ProgressiveStage progressive) {
    this(tx, executors, sleeper, health, projectDir, System.getenv(), progressive);
  }

  public PipelineRunner(Transitions tx, Map<String, StageExecutor> executors, Sleeper sleeper, HealthChecker health,
      Path projectDir, Map<String, String> env, ProgressiveStage progressive) {
    this.env = Map.copyOf(env);
    this.progressive = progressive;
    this.tx = tx;
    this.executors = Map.copyOf(executors);
    this.sleeper = sleeper;
    this.health = health;
    this.projectDir = projectDir;
    this.leases = LeaseKeeper.forThisProcess(tx, LeaseTimings.from(this.env));
  }

  /**
   * Whether {@code d} must wait at the gate for a human. The default reads the given config; the service replaces
   * it with the policy in force (committed config and user policy), which the working tree cannot weaken.
   */
  public void approvalRequired(java.util.function.BiPredicate<Deployment, PipelineConfig> rule) {
    this.approvalRequired = rule;
  }

  public LeaseKeeper leases() {
    return leases;
  }

  public Transitions transitions() {
    return tx;
  }

  public ProgressiveStage progressive() {
    return progressive;
  }

  /** Drives in the background of this process; the future completes at the gate or the end. */
  public CompletableFuture<Deployment> driveAsync(String id, PipelineConfig config) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return drive(id, config);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return tx.store().find(id).orElseThrow();
      } catch (RuntimeException e) {
        log.error("driving {} failed unexpectedly", id, e);
        throw e;
      }
    }, background);
  }

  /** Stops this process's driving of {@code id} (the running command is killed) and waits for it to let go. */
  public void cancel(String id) throws InterruptedException {
    Thread t = driving.get(id);
    if (t != null && t != Thread.currentThread()) {
      t.interrupt();
      t.join(30_000);
    }
  }

  /**
   * Drives {@code id} in this thread while holding its lease. Throws {@link LeaseKeeper.HeldException} if another
   * live process holds it.
   */
  public Deployment drive(String id, PipelineConfig config) throws InterruptedException {
    if (driving.putIfAbsent(id, Thread.currentThread()) != null) {
      return tx.store().find(id).orElseThrow();
    }
    try {
      leases.claim(id);
      try {
        loop(id, config);
      } catch (LeaseKeeper.LostException e) {
        // The new driver goes on from where the deployment stands; this one only stops.
        log.warn("{}; this instance stops driving it", e.getMessage());
      } finally {
        // A process that is shutting down keeps its lease: its pid dies with it, so the next process resumes.
        if (shuttingDown) leases.forget(id);
        else leases.release(id);
      }
    } finally {
      driving.remove(id);
    }
    return tx.store().find(id).orElseThrow();
  }

  private void loop(String id, PipelineConfig config) throws InterruptedException {
      while (true) {
        Deployment d = tx.store().find(id).orElseThrow();
        State s = d.state();
        if (s.isTerminal()) return;
        if (s.isGate() && approvalRequired.test(d, config)) return;
        held(d);
        if (s == State.PENDING) {
          tx.fire(id, Event.START, d.startedBy(), x -> x, Map.of());
        } else if (s.isGate()) {
          String gated = d.routeOrDefault().gatedStep().map(g -> g.environments().get(0)).orElse("prod");
          tx.fire(id, Event.APPROVED, "policy", x -> x.withApproval(new Approval(Approval.APPROVE, "policy",
              "environments." + gated + ".requiresApproval is false", approvalRequested(x), tx.clock().instant()),
              tx.clock().instant()), Map.of("automatic", true));
        } else if (!runStage(d, config)) {
          return;
        }
      }
  }

  /** Runs the stage the deployment is in; false when the deployment now waits for a human. */
  private boolean runStage(Deployment d, PipelineConfig config) throws InterruptedException {
    State s = d.state();
    if (d.routeOrDefault().isAfterGate(s) && approvalRequired.test(d, config)) {
      Optional<String> why = ApprovalEvidence.missing(tx.store(), d);
      if (why.isPresent()) {
        fail(d.id(), s, String.join(" and ", s.environments()) + " not deployed: " + why.get() + "; the deployment record says it was approved, so it was "
            + "edited outside the tool. Start a new deployment and approve it at the gate");
        return true;
      }
    }
    if (s.environments().size() > 1) return new ParallelStep(this).run(d, config);
    EnvironmentSpec progressiveEnv = s.environment().map(config::environment).filter(EnvironmentSpec::progressive)
        .orElse(null);
    if (progressiveEnv != null) {
      return new ProgressiveStages(tx, progressive, this::previousRelease).run(d, s.environment().get(), config);
    }
    runCommandStage(d, config);
    return true;
  }

  private void runCommandStage(Deployment d, PipelineConfig config) throws InterruptedException {
    State s = d.state();
    String id = d.id();
    StageSpec spec = StagePlan.spec(config, s);
    Event success = StageEvents.successEvent(s).orElseThrow();
    if (spec == null) {
      fail(id, s, "no configuration for stage " + s.id() + "; add it to .claude/deployment-config.json");
      return;
    }
    if (spec.isSkipped()) {
      tx.update(id, x -> x.withStage(dev.deploypipeline.workflow.StageRun.started(s.id(), "skip", tx.clock().instant(),
          null).finished(dev.deploypipeline.workflow.StageRun.SKIPPED, tx.clock().instant()), tx.clock().instant()), null);
      tx.fire(id, success, ENGINE, x -> x, Map.of("skipped", true));
      return;
    }
    String executorName = StagePlan.executor(config, spec);
    StageExecutor executor = executors.get(executorName);
    if (executor == null) {
      fail(id, s, "executor '" + executorName + "' is not available in this build; use \"executor\": \"local\"");
      return;
    }
    Optional<String> env = s.environment();
    EnvironmentSpec envSpec = env.map(config::environment).orElse(null);
    UnaryOperator<Deployment> afterStage = x -> {
      Deployment y = held(x);
      if (env.isPresent()) {
        Release r = y.releases().stream().filter(z -> z.environment().equals(env.get())).findFirst().orElseThrow();
        y = y.withRelease(r.deployed(tx.clock().instant()), tx.clock().instant());
      }
      return reachedGate(y, config);
    };
    StageRunner.Transition next = new StageRunner.Transition(success, ENGINE, afterStage, Map.of("stage", s.id()));
    StageRunner.Job job = new StageRunner.Job(s.id(), spec, executor,
        config.retryOrDefault().toPolicy().retries(s), envSpec == null ? null : envSpec.healthCheck(),
        env.map(e -> Map.of("ENVIRONMENT", e)).orElse(Map.of()),
        x -> env.map(e -> held(x).withRelease(previousRelease(x, e), tx.clock().instant())).orElse(held(x)), next);
    // A stage that finished before its driver died (crash between the stage record and the event, possible in
    // stores written before the two were saved together) is not run again.
    boolean alreadyDone = d.stage(s.id())
        .filter(r -> dev.deploypipeline.workflow.StageRun.SUCCEEDED.equals(r.status())).isPresent();
    if (alreadyDone) {
      tx.fire(id, success, ENGINE, afterStage, next.details());
      return;
    }
    // On success the stage runner has fired the next event together with the stage's last attempt.
    stageRunner(config).run(id, job).ifPresent(f -> failOrRolledBack(id, s, s.id() + " failed: " + f.message()));
  }

  /** A deployment that has just reached the gate records when approval was requested. */
  Deployment reachedGate(Deployment y, PipelineConfig config) {
    if (!y.state().isGate()) return y;
    y = y.withApproval(new Approval(null, null, null, tx.clock().instant(), null), tx.clock().instant());
    // Let go in the same write that reaches the gate: an approval that follows at once, on any instance, must
    // not find this driver still holding the lease (its drive would be refused, and nobody would drive prod).
    return approvalRequired.test(y, config) ? y.withLease(null) : y;
  }

  /**
   * A failed stage whose executor already put the environment back on the release it replaced (it recorded
   * {@link StageResult#RESTORED_VERSION}) ends the deployment rolled back, like an aborted rollout: the failed
   * release never kept the environment, and the next deployment's "previous release" skips it.
   */
  private void failOrRolledBack(String id, State s, String error) {
    String restored = tx.store().find(id).flatMap(x -> x.stage(s.id()))
        .map(r -> r.external().get(StageResult.RESTORED_VERSION)).orElse(null);
    if (restored == null) {
      fail(id, s, error);
      return;
    }
    String reason = error + " (" + s.environment().orElse("") + " runs " + restored + " again)";
    tx.fire(id, Event.ROLLBACK, ENGINE, x -> x.withRollbackReason(reason, tx.clock().instant()),
        Map.of("stage", s.id(), "reason", reason, StageResult.RESTORED_VERSION, restored));
  }

  void fail(String id, State s, String error) {
    tx.fire(id, Event.FAILURE, ENGINE, x -> held(x).withError(error, tx.clock().instant()), Map.of("stage", s.id(),
        "error", error));
  }

  /**
   * Applied inside the store transaction of every stage start, stage outcome and failure this runner writes: if
   * another instance has taken the deployment over meanwhile (it judged this one dead after a missed heartbeat
   * window), the write is refused, so two drivers never both record a stage or a transition.
   */
  Deployment held(Deployment x) {
    if (!leases.isMine(x.lease())) throw new LeaseKeeper.LostException(x.id(), x.lease());
    return x;
  }

  StageRunner stageRunner(PipelineConfig config) {
    return new StageRunner(tx, config.retryOrDefault().toPolicy(), sleeper, health, projectDir,
        (spec, environment) -> StageEnvironment.withEnvFile(StageEnvironment.of(config, spec,
            environment == null ? null : config.environment(environment), env), projectDir, environment, env,
            tx.clock()));
  }

  Map<String, StageExecutor> executors() {
    return executors;
  }

  /**
   * What runs in {@code env} now: the newest other deployment of the service that reached it and was not rolled
   * back (a rollback restored its predecessor, so we keep looking past it).
   */
  Release previousRelease(Deployment d, String env) {
    for (DeploymentSummary s : tx.store().history(new HistoryQuery(d.service(), env, null, null, 200))) {
      if (s.id().equals(d.id()) || s.state() == State.ROLLED_BACK) continue;
      return new Release(env, null, s.id(), s.version(), s.commit());
    }
    return new Release(env, null, null, null, null);
  }

  static java.time.Instant approvalRequested(Deployment d) {
    return d.approval() == null ? null : d.approval().requestedAt();
  }

  /**
   * Interrupts the background drives (their stage commands are killed and recorded as interrupted) and waits
   * briefly for that, so that no stage process outlives the server.
   */
  public void shutdown() {
    shuttingDown = true;
    background.shutdownNow();
    try {
      background.awaitTermination(1, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    leases.shutdown();
    for (StageExecutor e : executors.values()) {
      if (e instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception ex) {
          log.warn("closing the {} executor failed: {}", e.name(), ex.toString());
        }
      }
    }
  }
}
