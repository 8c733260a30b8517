package dev.deploypipeline.engine;

import dev.deploypipeline.config.HealthCheckSpec;
import dev.deploypipeline.config.StageSpec;
import dev.deploypipeline.envfiles.EnvFileException;
import dev.deploypipeline.executor.StageExecutor;
import dev.deploypipeline.executor.StageRequest;
import dev.deploypipeline.executor.StageResult;
import dev.deploypipeline.store.AuditRecord;
import dev.deploypipeline.workflow.Attempt;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Event;
import dev.deploypipeline.workflow.Failure;
import dev.deploypipeline.workflow.Retrier;
import dev.deploypipeline.workflow.RetryPolicy;
import dev.deploypipeline.workflow.Sleeper;
import dev.deploypipeline.workflow.StageRun;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Runs one stage (or one environment's rollback) to its outcome under the retry policy: records the stage and
 * every attempt on the deployment, audits attempts and retries, health-checks after a deploy. It changes the
 * deployment's state only through {@link Job#onSuccess}, which is fired in the same write as the successful last
 * attempt; otherwise the caller fires the event that follows.
 */
final class StageRunner {
  /**
   * {@code prepare} is applied with the stage's first write (a deploy records the release it replaces);
   * {@code onSuccess}, if set, is the transition that follows a successful stage.
   */
  record Job(String stage, StageSpec spec, StageExecutor executor, boolean retryable, HealthCheckSpec healthCheck,
      Map<String, String> extraContext, UnaryOperator<Deployment> prepare, Transition onSuccess) {
    Job(String stage, StageSpec spec, StageExecutor executor, boolean retryable, HealthCheckSpec healthCheck,
        Map<String, String> extraContext) {
      this(stage, spec, executor, retryable, healthCheck, extraContext, UnaryOperator.identity(), null);
    }
  }

  /** An event with what goes with it, as {@link Transitions#fire} takes them. */
  record Transition(Event event, String actor, UnaryOperator<Deployment> change, Map<String, Object> details) {}

  private final Transitions tx;
  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final HealthChecker health;
  private final Path projectDir;

  /** The declared variables of a stage, by its spec and environment name (null outside an environment). */
  private final java.util.function.BiFunction<StageSpec, String, Map<String, String>> declared;

  StageRunner(Transitions tx, RetryPolicy policy, Sleeper sleeper, HealthChecker health, Path projectDir,
      java.util.function.BiFunction<StageSpec, String, Map<String, String>> declared) {
    this.declared = declared;
    this.tx = tx;
    this.policy = policy;
    this.sleeper = sleeper;
    this.health = health;
    this.projectDir = projectDir;
  }

  /**
   * Runs the job; returns empty on success or the final failure. The stage record is finished either way. Every
   * write is a durable save, so they are few: the first attempt's start also records the stage, and the last
   * attempt's end also finishes it.
   */
  Optional<Failure> run(String id, Job job) throws InterruptedException {
    Path log = tx.store().logFile(id, job.stage());
    long[] delayBefore = {0};
    Retrier.Outcome outcome;
    try {
      outcome = new Retrier(policy, sleeper).run(job.retryable(), n -> attempt(id, job, n, log, delayBefore[0]),
          (n, f, delay) -> {
            delayBefore[0] = delay.toMillis();
            tx.audit(new AuditRecord(now(), id, "engine", "RETRY", null, null, n,
                Map.of("stage", job.stage(), "delayMs", delay.toMillis(), "error", f.message())));
            Deployment d = tx.store().find(id).orElseThrow();
            tx.each(l -> l.attemptFailed(d, job.stage(), n, f, true));
          });
    } catch (InterruptedException e) {
      tx.update(id, d -> d.stage(job.stage()).isEmpty() ? d
          : d.withStage(stageOf(d, job).finished(StageRun.INTERRUPTED, now()), now()), null);
      throw e;
    }
    outcome.failure().ifPresent(f -> {
      Deployment d = tx.store().find(id).orElseThrow();
      tx.each(l -> l.attemptFailed(d, job.stage(), outcome.attempts(), f, false));
    });
    return outcome.failure();
  }

  private Optional<Failure> attempt(String id, Job job, int n, Path log, long delayBeforeMs)
      throws InterruptedException {
    Instant start = now();
    Attempt begun = new Attempt(n, start, null, null, null, null, n > 1 ? delayBeforeMs : null);
    Deployment d = tx.update(id, x -> n == 1
        ? job.prepare().apply(x).withStage(resumed(x, job, StageRun.started(job.stage(), job.executor().name(), start,
            log.toString())).withAttempt(begun), now())
        : x.withStage(stageOf(x, job).withAttempt(begun), now()), null);
    tx.each(l -> l.stageStarted(d, job.stage(), n));
    StageResult r;
    try {
      r = job.executor().run(new StageRequest(job.stage(), job.spec(), context(d, job, n), projectDir, log,
          Duration.ofSeconds(job.spec().timeout()), n, stageOf(d, job).external(),
          ext -> tx.update(id, x -> x.withStage(stageOf(x, job).withExternal(ext), now()), null)));
    } catch (EnvFileException e) {
      // The environment's encrypted values could not be opened: no retry can fix a missing or wrong key.
      r = StageResult.failed(Failure.permanent(e.getMessage() + "; " + e.nextStep()), null);
    }
    Optional<Failure> failure = r.failure();
    if (failure.isEmpty() && job.healthCheck() != null) failure = health.check(job.healthCheck());
    Instant end = now();
    Optional<Failure> f = failure;
    Attempt done = new Attempt(n, start, end, f.isEmpty() ? Attempt.SUCCEEDED : Attempt.FAILED, r.exitCode(),
        f.map(Failure::message).orElse(null), n > 1 ? delayBeforeMs : null);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("stage", job.stage());
    details.put("outcome", done.outcome());
    details.put("durationMs", Duration.between(start, end).toMillis());
    if (r.exitCode() != null) details.put("exitCode", r.exitCode());
    f.ifPresent(x -> details.put("error", x.message()));
    f.ifPresent(x -> details.put("transient", x.isTransient()));
    boolean last = f.isEmpty() || !f.get().isTransient() || n >= (job.retryable() ? policy.maxAttempts() : 1);
    String status = f.isEmpty() ? StageRun.SUCCEEDED : StageRun.FAILED;
    UnaryOperator<Deployment> record = x -> {
      StageRun run = stageOf(x, job).withAttempt(done);
      return x.withStage(last ? run.finished(status, end) : run, now());
    };
    AuditRecord attemptLine = new AuditRecord(end, id, "engine", "STAGE_ATTEMPT", null, null, n, details);
    Transition then = job.onSuccess();
    if (f.isEmpty() && then != null) {
      tx.fire(id, record, attemptLine, then.event(), then.actor(), then.change(), then.details());
    } else {
      tx.update(id, record, attemptLine);
    }
    return failure;
  }

  /**
   * A stage still {@code running} in the record was cut off by a driver that died: keep what its executor recorded
   * (a Harness execution id) so this run re-attaches to it. A finished stage run again starts clean.
   */
  private static StageRun resumed(Deployment d, Job job, StageRun fresh) {
    return d.stage(job.stage())
        .filter(old -> StageRun.RUNNING.equals(old.status()) && job.executor().name().equals(old.executor()))
        .map(old -> fresh.withExternal(old.external()))
        .orElse(fresh);
  }

  private Map<String, String> context(Deployment d, Job job, int attempt) {
    Map<String, String> env = new LinkedHashMap<>(declared.apply(job.spec(), job.extraContext().get("ENVIRONMENT")));
    env.put("DEPLOYMENT_ID", d.id());
    env.put("SERVICE", d.service());
    env.put("BRANCH", d.branch());
    env.put("COMMIT", d.commit());
    env.put("VERSION", d.version());
    env.put("STAGE", job.stage());
    env.put("ATTEMPT", Integer.toString(attempt));
    env.put("PROJECT_DIR", projectDir.toString());
    env.putAll(job.extraContext());
    return env;
  }

  private static StageRun stageOf(Deployment d, Job job) {
    return d.stage(job.stage()).orElseThrow(() -> new IllegalStateException("stage " + job.stage() + " not recorded"));
  }

  private Instant now() {
    return tx.clock().instant();
  }
}
