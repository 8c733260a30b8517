package dev.deploypipeline.executor;

import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.helm.HelmChecker;
import dev.deploypipeline.helm.HelmCli;
import dev.deploypipeline.helm.HelmCommands;
import dev.deploypipeline.helm.HelmConfig;
import dev.deploypipeline.helm.HelmEnvironment;
import dev.deploypipeline.helm.HelmFinding;
import dev.deploypipeline.helm.HelmHistory;
import dev.deploypipeline.helm.HelmReport;
import dev.deploypipeline.secrets.Redaction;
import dev.deploypipeline.workflow.Failure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs stages with helm, from the config's {@code helm} section. {@code validating}: the pre-deploy checks for every
 * configured environment. {@code deploying-<env>}: that environment's checks, then {@code helm upgrade --install
 * --rollback-on-failure --wait}, then {@code helm test}; when the upgrade or its tests fail, the release is put back
 * on the revision that was live before (unless helm already did so). {@code rollback-<env>}: {@code helm rollback}
 * to the revision that carried the version being restored. Every command line and its output go to the stage log
 * through the redactor; helm sees the stage's environment (declare KUBECONFIG with passEnv).
 */
public final class HelmExecutor implements StageExecutor {
  public static final String RELEASE = "helmRelease";
  public static final String NAMESPACE = "helmNamespace";
  public static final String PREVIOUS_REVISION = "helmPreviousRevision";
  public static final String REVISION = "helmRevision";

  private final Supplier<PipelineConfig> config;
  private final Map<String, String> serverEnv;

  /** {@code config} is read at each stage, so edits apply to the next one. */
  public HelmExecutor(Supplier<PipelineConfig> config, Map<String, String> serverEnv) {
    this.config = config;
    this.serverEnv = Map.copyOf(serverEnv);
  }

  @Override
  public String name() {
    return "helm";
  }

  @Override
  public StageResult run(StageRequest r) throws InterruptedException {
    PipelineConfig c = config.get();
    HelmConfig helm = c.helm();
    if (helm == null) return failed("the helm executor needs the helm section in .claude/deployment-config.json");
    Stage s = new Stage(r, helm, helm.releaseOr(c.service()),
        new HelmCli(helm.binaryOrDefault(), ProcessEnvironment.of(serverEnv, r.context())));
    try {
      if (r.stage().equals("validating")) return s.check(List.of()).orElse(StageResult.ok(0));
      if (r.stage().startsWith("deploying-")) return s.deploy(r.stage().substring("deploying-".length()));
      if (r.stage().startsWith("rollback-")) return s.rollback(r.stage().substring("rollback-".length()));
    } catch (HelmCli.NotRunnable | HelmChecker.InputException e) {
      s.log("=== " + e.getMessage() + "\n");
      return failed(e.getMessage());
    }
    return failed("the helm executor runs the validate stage, deploys and rollbacks, not " + r.stage()
        + "; set this stage's executor to local");
  }

  private static StageResult failed(String message) {
    return StageResult.failed(Failure.permanent(message), null);
  }

  /** One stage run: its request, the helm section, the release and a helm with the stage's environment. */
  private record Stage(StageRequest r, HelmConfig helm, String release, HelmCli cli) {
    Optional<StageResult> check(List<String> envs) throws InterruptedException {
      log("=== helm checks of " + helm.chart() + " for " + (envs.isEmpty() ? "every environment" : envs) + "\n");
      HelmReport report = new HelmChecker(cli).check(r.projectDir(), helm, release, envs);
      report.findings().forEach(f -> log(f.render() + "\n"));
      log("=== " + report.summary() + "\n");
      if (report.valid()) return Optional.empty();
      HelmFinding first = report.findings().stream().filter(f -> f.severity() == HelmFinding.Level.ERROR)
          .findFirst().orElseThrow();
      return Optional.of(failed("helm checks found " + report.errorCount() + " error(s), first: " + first.render()));
    }

    StageResult deploy(String env) throws InterruptedException {
      HelmEnvironment e = environment(env);
      Optional<StageResult> checks = check(List.of(env));
      if (checks.isPresent()) return checks.get();
      Optional<Integer> previous = history(e).deployed().map(HelmHistory.Revision::revision);
      Map<String, String> external = new LinkedHashMap<>(Map.of(RELEASE, release, NAMESPACE, e.namespace()));
      previous.ifPresent(p -> external.put(PREVIOUS_REVISION, Integer.toString(p)));
      r.recordExternal().accept(external);
      String version = r.context().getOrDefault("VERSION", "");
      HelmCli.Result up = helm(HelmCommands.upgrade(release, helm.chart(), e.namespace(), e.values(), helm.timeout(),
          HelmHistory.description(version, r.context().getOrDefault("DEPLOYMENT_ID", ""))));
      String failure = up.ok() ? null : "helm upgrade " + ended(up);
      if (failure == null && e.runsTests()) {
        HelmCli.Result test = helm(HelmCommands.test(release, e.namespace(), helm.timeout()));
        if (!test.ok()) failure = "helm test " + ended(test);
      }
      if (failure == null) {
        history(e).deployed().ifPresent(now -> r.recordExternal().accept(Map.of(REVISION,
            Integer.toString(now.revision()))));
        return StageResult.ok(0);
      }
      return failed(failure + "; " + restore(e, previous));
    }

    /** Puts the release back on {@code previous} unless helm's --rollback-on-failure already did. */
    private String restore(HelmEnvironment e, Optional<Integer> previous) throws InterruptedException {
      if (previous.isEmpty()) return "there was no earlier revision to return to";
      int p = previous.get();
      // A failed upgrade leaves its revision "failed" on top (the old one may still say "deployed"); after helm's
      // own rollback the newest is a deployed "Rollback to P".
      Optional<HelmHistory.Revision> newest = history(e).newest();
      if (newest.isPresent() && newest.get().status().equals("deployed")
          && (newest.get().revision() == p || newest.get().description().equals("Rollback to " + p))) {
        return "helm already rolled back to revision " + p;
      }
      HelmCli.Result back = helm(HelmCommands.rollback(release, p, e.namespace(), helm.timeout()));
      return back.ok() ? "rolled back to revision " + p
          : "the rollback to revision " + p + " failed too (" + ended(back) + "): roll back by hand";
    }

    StageResult rollback(String env) throws InterruptedException {
      HelmEnvironment e = environment(env);
      String version = r.context().get("PREVIOUS_VERSION");
      Optional<HelmHistory.Revision> target = history(e).rollbackTarget(version);
      if (target.isEmpty()) return failed("release " + release + " in " + e.namespace() + " has no earlier revision "
          + "to roll back to (helm history shows none)");
      int revision = target.get().revision();
      r.recordExternal().accept(Map.of(RELEASE, release, NAMESPACE, e.namespace(), REVISION, Integer.toString(revision)));
      HelmCli.Result back = helm(HelmCommands.rollback(release, revision, e.namespace(), helm.timeout()));
      return back.ok() ? StageResult.ok(0) : StageResult.failed(Failure.permanent("helm rollback to revision "
          + revision + " " + ended(back)), back.exitCode());
    }

    private HelmEnvironment environment(String env) {
      HelmEnvironment e = helm.environment(env);
      if (e == null) throw new HelmChecker.InputException("helm.environments." + env + " is not configured");
      return e;
    }

    private HelmHistory history(HelmEnvironment e) throws InterruptedException {
      HelmCli.Result h = helm(HelmCommands.history(release, e.namespace()));
      if (!h.ok()) return HelmHistory.NONE;  // "release: not found" before the first install
      try {
        return HelmHistory.parse(h.stdout());
      } catch (RuntimeException ex) {
        log("=== could not read helm history: " + ex.getMessage() + "\n");
        return HelmHistory.NONE;
      }
    }

    private HelmCli.Result helm(List<String> args) throws InterruptedException {
      log("$ " + cli.binary() + " " + String.join(" ", args) + "\n");
      HelmCli.Result res = cli.run(args, r.projectDir(), r.timeout());
      log(res.output() + (res.output().isEmpty() || res.output().endsWith("\n") ? "" : "\n"));
      log("=== " + (res.exitCode() == null ? "timed out after " + r.timeout().toSeconds() + " s" : "exit " + res.exitCode()) + "\n");
      return res;
    }

    private String ended(HelmCli.Result res) {
      return res.exitCode() == null ? "timed out after " + r.timeout().toSeconds() + " s" : "exited with " + res.exitCode();
    }

    void log(String text) {
      try {
        Files.createDirectories(r.logFile().getParent());
        Files.writeString(r.logFile(), Redaction.redact(text), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException ignored) {
        // The log is a convenience; the outcome is recorded in the deployment and the audit trail.
      }
    }
  }
}
