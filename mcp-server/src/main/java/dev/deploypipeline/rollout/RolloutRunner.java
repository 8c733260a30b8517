package dev.deploypipeline.rollout;

import dev.deploypipeline.config.EnvironmentSpec;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.engine.ProgressiveStage;
import dev.deploypipeline.flags.FlagProvider;
import dev.deploypipeline.flags.FlagsConfig;
import dev.deploypipeline.engine.Transitions;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Release;
import dev.deploypipeline.workflow.Rollout;
import dev.deploypipeline.workflow.Rollout.Member;
import dev.deploypipeline.workflow.RolloutEvent;
import dev.deploypipeline.workflow.RolloutPhase;
import dev.deploypipeline.workflow.Sleeper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs an environment's rollout for the engine. A fresh rollout adopts what serves now as stable and follows the
 * strategy's recipe. A rollout found mid-step was left by a server that died: it is rolled back to stable rather
 * than resumed, because its analysis window was cut short and nobody watched the split meanwhile; rolling back is
 * the one move that is always safe and that leaves traffic with an owner (stable). A rollout parked for a human
 * stays parked until {@link Approvals} records the decision.
 */
public final class RolloutRunner implements ProgressiveStage {
  static final String RESUME = "resume:";

  private final Transitions tx;
  private final SetupFactory setups;
  private final FlagRamp flagRamp;

  public RolloutRunner(Transitions tx, Runtime runtime, Probe probe, Smoke smoke, Sleeper sleeper, Path projectDir) {
    this(tx, runtime, probe, smoke, sleeper, projectDir, Map.of());
  }

  /** {@code serverEnv}: instances get the part of it the config declares for their environment. */
  public RolloutRunner(Transitions tx, Runtime runtime, Probe probe, Smoke smoke, Sleeper sleeper, Path projectDir,
      Map<String, String> serverEnv) {
    this(tx, runtime, probe, smoke, sleeper, projectDir, serverEnv, null);
  }

  /** {@code flags} (may be null: no ramps run) reaches the flag server for the ramps after a promotion. */
  public RolloutRunner(Transitions tx, Runtime runtime, Probe probe, Smoke smoke, Sleeper sleeper, Path projectDir,
      Map<String, String> serverEnv, Function<FlagsConfig, FlagProvider> flags) {
    this.tx = tx;
    this.setups = new SetupFactory(tx, runtime, probe, smoke, sleeper, projectDir, serverEnv);
    this.flagRamp = flags == null ? null : new FlagRamp(flags);
  }

  @Override
  public Outcome run(String id, String env, PipelineConfig config) throws InterruptedException {
    Deployment d = tx.store().find(id).orElseThrow();
    EnvironmentSpec spec = config.environment(env);
    Ledger ledger = new Ledger(tx, id, env);
    Steps steps = new Steps(ledger, setups.setup(d, env, config, d.version()));
    Optional<Rollout> existing = ledger.current();
    if (existing.isEmpty()) {
      Adoption stable = setups.adopt(d, env, spec, steps);
      String type = spec.strategyOrDefault().type();
      Rollout r = Rollout.start(type, stepCount(spec, stable.members().isEmpty()), stable.version(), d.version(),
          tx.clock().instant()).withInstances(stable.members());
      ledger.begin(r, new Release(env, null, stable.deploymentId(), stable.version(), null),
          Map.of("strategy", type, "stable", stable.members().stream().map(Member::address).toList()));
      Strategy recipe = stable.members().isEmpty() ? new Recreate() : Strategy.of(type);
      return execute(steps, recipe, Strategy.From.START, config);
    }
    Rollout r = existing.get();
    if (r.phase() == RolloutPhase.PROMOTED) return promoted(r);
    if (r.phase() == RolloutPhase.ABORTED) return rolledBack(r, null);
    if (r.phase() == RolloutPhase.PAUSED && !"time".equals(r.waitingFor())) {
      return new Outcome(Result.WAITING, "waiting for approval: " + r.waitingFor(), Map.of("environment", env));
    }
    if (r.waitingFor() != null && r.waitingFor().startsWith(RESUME)) {
      boolean analysed = r.waitingFor().equals(RESUME + "inconclusive");
      Strategy recipe = r.live("stable").isEmpty() && r.stableVersion() == null ? new Recreate()
          : Strategy.of(r.strategy());
      ledger.save(x -> x.waiting(null, null), "RESUMED", Map.of("step", r.step() + 1));
      return execute(steps, recipe, new Strategy.From(r.step(), analysed, true), config);
    }
    String why = r.phase() == RolloutPhase.ABORTING ? "finishing an abort"
        : "the server driving this rollout stopped while it was " + r.phase() + " at step " + (r.step() + 1)
            + "; rolled back to stable, since a cut-short analysis proves nothing";
    abort(steps, why, null);
    return rolledBack(ledger.current().orElseThrow(), null);
  }

  /** Canary: its steps; blue-green: verify, then switch; rolling: its batches; recreate and first deploys: one. */
  private static int stepCount(EnvironmentSpec spec, boolean firstDeploy) {
    var s = spec.strategyOrDefault();
    if (firstDeploy) return 1;
    return switch (s.type()) {
      case "canary" -> s.stepList().size();
      case "blue-green" -> 2;
      case "rolling" -> (spec.target().instanceCount() + s.batch() - 1) / s.batch();
      default -> 1;
    };
  }

  private Outcome execute(Steps steps, Strategy recipe, Strategy.From from, PipelineConfig config)
      throws InterruptedException {
    try {
      recipe.run(steps, from);
      List<String> ramps = flagRamp == null ? List.of() : flagRamp.run(steps, config);
      Outcome done = promoted(steps.rollout());
      if (ramps.isEmpty()) return done;
      Map<String, Object> d = new LinkedHashMap<>(done.details());
      d.put("flagRamps", ramps);
      return new Outcome(done.result(), done.reason(), d);
    } catch (Steps.Park p) {
      return new Outcome(Result.WAITING, p.getMessage(), Map.of("environment", steps.ledger().environment()));
    } catch (Steps.Abort a) {
      abort(steps, a.getMessage(), a.verdict);
      return rolledBack(steps.rollout(), a.verdict);
    } catch (Ledger.Refused e) {
      abort(steps, e.getMessage(), null);
      return rolledBack(steps.rollout(), null);
    }
  }

  /**
   * Traffic to stable first, confirmed by reading the split back from the proxy; only then are the new instances
   * stopped. Idempotent: an abort found half done is finished. If the proxy cannot confirm, the new instances are
   * kept (they may still carry traffic) and the rollout stays aborting, for the next attempt.
   */
  static void abort(Steps s, String reason, Rollout.Verdict verdict) throws InterruptedException {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("reason", reason);
    if (verdict != null) details.putAll(Verdict.details(verdict));
    if (s.rollout().phase() != RolloutPhase.ABORTING) {
      s.ledger().fire(RolloutEvent.ABORT, "engine", false, r -> r.withReason(reason), details);
    }
    List<Member> stable = s.stable();
    if (!stable.isEmpty()) {
      try {
        s.routeAllTo(stable, "abort: all traffic back to stable");
      } catch (Steps.Abort e) {
        throw new IllegalStateException("abort could not confirm that stable has all traffic: " + e.getMessage()
            + "; the new instances are kept running; run deploy rollback again");
      }
    }
    s.stop(s.live("new"), "aborted");
    s.ledger().fire(RolloutEvent.ABORTED, "engine", true, r -> r, Map.of("reason", reason));
  }

  private static Outcome promoted(Rollout r) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("strategy", r.strategy());
    d.put("version", r.newVersion());
    d.put("verdicts", r.verdicts().stream().map(v -> v.at() + "=" + v.verdict()).toList());
    return new Outcome(Result.PROMOTED, null, d);
  }

  private static Outcome rolledBack(Rollout r, Rollout.Verdict verdict) {
    Rollout.Verdict v = verdict;
    if (v == null) {
      v = r.verdicts().stream().filter(x -> Verdict.valueOf(x.verdict().toUpperCase(java.util.Locale.ROOT)).aborts())
          .reduce((a, b) -> b).orElse(null);
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("strategy", r.strategy());
    d.put("abortedVersion", r.newVersion());
    if (r.stableVersion() != null) d.put("stableVersion", r.stableVersion());
    if (v != null) d.putAll(Verdict.details(v));
    String reason = r.reason() == null ? "rollout aborted" : r.reason();
    if (v != null) {
      String numbers = v.metrics().stream().filter(m -> m.detail() != null && !"successful".equals(m.verdict()))
          .map(m -> m.name() + ": " + m.detail()).reduce((a, b) -> a + "; " + b).orElse("");
      if (!numbers.isEmpty() && !reason.contains(numbers)) reason = reason + " (" + numbers + ")";
    }
    reason = reason + (r.stableVersion() == null ? "; there was no stable release to return to"
        : "; all traffic is back on " + r.stableVersion());
    return new Outcome(Result.ROLLED_BACK, reason, d);
  }

  @Override
  public RollbackOutcome rollback(String id, String env, String toVersion, String actor, PipelineConfig config)
      throws InterruptedException {
    Deployment d = tx.store().find(id).orElseThrow();
    Ledger ledger = new Ledger(tx, id, env);
    Rollout r = ledger.current().orElseThrow(() -> new IllegalStateException(
        "deployment " + id + " has no rollout in " + env));
    Steps steps = new Steps(ledger, setups.setup(d, env, config, d.version()));
    return new RollbackMoves(steps, tx).rollback(r, toVersion, actor);
  }

  @Override
  public void approveStep(String id, String env, String actor) {
    Ledger ledger = new Ledger(tx, id, env);
    Rollout r = ledger.current().orElseThrow(() -> new IllegalStateException(id + " has no rollout in " + env));
    String why = r.waitingFor();
    if (r.phase() != RolloutPhase.PAUSED || !("approval".equals(why) || "inconclusive".equals(why))) {
      throw new IllegalStateException("the " + env + " rollout of " + id + " is " + r.phase()
          + ", not waiting for an approval");
    }
    ledger.fire(RolloutEvent.RESUME, actor, false,
        x -> "inconclusive".equals(why) ? x.approvingLastVerdict(actor) : x,
        Map.of("approvedBy", actor, "waitedFor", why, "step", r.step() + 1));
    ledger.save(x -> x.waiting(RESUME + why, null), "RESUME_SCHEDULED", Map.of("step", r.step() + 1));
  }

  /** The serving stable release found for a new rollout. */
  record Adoption(List<Member> members, String version, String deploymentId) {}

  static IOException io(String what, Exception e) {
    return new IOException(what + ": " + e.getMessage(), e);
  }
}
