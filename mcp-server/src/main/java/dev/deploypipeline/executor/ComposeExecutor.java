package dev.deploypipeline.executor;

import dev.deploypipeline.compose.deploy.ComposeCli;
import dev.deploypipeline.compose.deploy.ComposeTarget;
import dev.deploypipeline.compose.deploy.TargetException;
import dev.deploypipeline.config.EnvironmentSpec;
import dev.deploypipeline.config.HealthCheckSpec;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.config.TargetSpec;
import dev.deploypipeline.secrets.Redaction;
import dev.deploypipeline.workflow.Failure;
import dev.deploypipeline.workflow.Sleeper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Deploys and rolls back environments whose target is {@code compose}. {@code deploying-<env>}: the pre-flight
 * (nothing changes if it refuses), then the release's version as {@code TAG}, Docker's healthcheck, the
 * environment's healthCheck; when any of them fails, the tag that ran before runs again and the stage records
 * {@link StageResult#RESTORED_VERSION}, so the deployment ends rolled back. {@code rollback-<env>}: the tag being
 * restored ({@code PREVIOUS_VERSION}: the release this deployment replaced, or the one named in the rollback).
 * The tool sees the stage's environment plus the server's {@code DOCKER_*} variables (where the daemon is).
 */
public final class ComposeExecutor implements StageExecutor {
  public static final String PROJECT = "composeProject";
  public static final String FILE = "composeFile";
  public static final String TAG = "composeTag";
  public static final String PREVIOUS_TAG = "composePreviousTag";

  /** The environment's healthCheck, as the engine runs it after every deploy. */
  @FunctionalInterface
  public interface HealthVerifier {
    Optional<Failure> check(HealthCheckSpec spec) throws InterruptedException;
  }

  private final Supplier<PipelineConfig> config;
  private final Map<String, String> serverEnv;
  private final HealthVerifier verifier;
  private final Clock clock;
  private final Sleeper sleeper;

  /** {@code config} is read at each stage, so edits apply to the next one. */
  public ComposeExecutor(Supplier<PipelineConfig> config, Map<String, String> serverEnv, HealthVerifier verifier,
      Clock clock, Sleeper sleeper) {
    this.config = config;
    this.serverEnv = Map.copyOf(serverEnv);
    this.verifier = verifier;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  @Override
  public String name() {
    return "compose";
  }

  @Override
  public StageResult run(StageRequest r) throws InterruptedException {
    boolean deploy = r.stage().startsWith("deploying-");
    if (!deploy && !r.stage().startsWith("rollback-")) {
      return failed("the compose executor runs deploys and rollbacks of a compose target, not " + r.stage());
    }
    String env = r.stage().substring(r.stage().indexOf('-') + 1);
    PipelineConfig c = config.get();
    EnvironmentSpec spec = c.environment(env);
    if (spec == null || !spec.composeTarget()) {
      return failed("environments." + env + ".target is not a compose target; the compose executor has nothing to do");
    }
    TargetSpec t = spec.target();
    String project = t.composeProject(c.service(), env);
    Log log = new Log(r);
    try {
      ComposeTarget target = new ComposeTarget(ComposeCli.detect(toolEnvironment(r), r.projectDir()),
          t.composeFile(), project, t.serviceList(), t.portList(), Duration.ofSeconds(t.healthTimeout()),
          r.timeout(), clock, sleeper, log::write);
      String tag = deploy ? r.context().getOrDefault("VERSION", "") : r.context().getOrDefault("PREVIOUS_VERSION", "");
      if (!deploy && tag.isEmpty()) {
        return failed("environment " + env + " has no earlier release to roll back to; name one: deploy rollback "
            + "--to-version <tag>");
      }
      log.write("=== " + (deploy ? "deploying " : "rolling back to ") + tag + ": project " + project + ", "
          + t.composeFile() + "\n");
      ComposeTarget.Plan plan = target.plan(tag);
      Map<String, String> ext = new LinkedHashMap<>(Map.of(PROJECT, project, FILE, t.composeFile(), TAG, tag));
      if (plan.previousTag() != null) ext.put(PREVIOUS_TAG, plan.previousTag());
      r.recordExternal().accept(ext);
      log.write("=== services " + plan.services() + " (tagged: " + plan.tagged() + "), running now: "
          + (plan.previousTag() == null ? "nothing" : plan.previousTag()) + "\n");
      ComposeTarget.Result res = deploy ? target.deploy(plan, () -> verify(spec.healthCheck()))
          : target.rollback(plan);
      log.write("=== " + res.message() + "\n");
      if (res.restoredTag() != null) r.recordExternal().accept(Map.of(StageResult.RESTORED_VERSION, res.restoredTag()));
      return res.ok() ? StageResult.ok(0) : failed(res.message());
    } catch (TargetException | ComposeCli.NotRunnable e) {
      log.write("=== " + e.getMessage() + "\n");
      return failed(e.getMessage());
    }
  }

  private Optional<String> verify(HealthCheckSpec spec) throws InterruptedException {
    if (spec == null) return Optional.empty();
    return verifier.check(spec).map(Failure::message);
  }

  /** The stage's environment, and where the Docker daemon is. */
  private Map<String, String> toolEnvironment(StageRequest r) {
    Map<String, String> env = new LinkedHashMap<>(ProcessEnvironment.of(serverEnv, r.context()));
    serverEnv.forEach((k, v) -> {
      if (v != null && (k.startsWith("DOCKER_") || k.startsWith("COMPOSE_")) && !env.containsKey(k)) env.put(k, v);
    });
    return env;
  }

  private static StageResult failed(String message) {
    return StageResult.failed(Failure.permanent(message), null);
  }

  private record Log(StageRequest r) {
    void write(String text) {
      try {
        Files.createDirectories(r.logFile().getParent());
        Files.writeString(r.logFile(), Redaction.redact(text), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException ignored) {
        // The log is a convenience; the outcome is recorded in the deployment and the audit trail.
      }
    }
  }
}
