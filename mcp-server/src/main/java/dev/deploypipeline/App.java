package dev.deploypipeline;

import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.engine.HealthChecker;
import dev.deploypipeline.engine.LazyListener;
import dev.deploypipeline.engine.PipelineListener;
import dev.deploypipeline.engine.PipelineRunner;
import dev.deploypipeline.engine.Transitions;
import dev.deploypipeline.config.ConfigException;
import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.notify.NotificationDispatcher;
import dev.deploypipeline.store.AuditRecord;
import java.util.ArrayList;
import java.util.Optional;
import java.util.function.Consumer;
import dev.deploypipeline.executor.HarnessExecutor;
import dev.deploypipeline.executor.LocalCommandExecutor;
import dev.deploypipeline.executor.StageExecutor;
import dev.deploypipeline.executor.StageRequest;
import dev.deploypipeline.executor.StageResult;
import dev.deploypipeline.harness.HarnessClient;
import dev.deploypipeline.harness.HarnessConfig;
import dev.deploypipeline.workflow.Retrier;
import dev.deploypipeline.workflow.RetryPolicy;
import dev.deploypipeline.store.FileDeploymentStore;
import dev.deploypipeline.workflow.Sleeper;
import java.nio.file.Path;
import java.time.Clock;
import dev.deploypipeline.rollout.HttpProbe;
import dev.deploypipeline.rollout.RolloutRunner;
import dev.deploypipeline.rollout.Runtimes;
import dev.deploypipeline.rollout.Smoke;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The composition root: builds the one service from the embedded defaults (file store, local executor). */
public final class App {
  private App() {}

  /** {@code DEPLOY_PROJECT_DIR}, else Claude Code's {@code CLAUDE_PROJECT_DIR}, else the working directory. */
  public static Path projectDir(Map<String, String> env) {
    for (String k : List.of("DEPLOY_PROJECT_DIR", "CLAUDE_PROJECT_DIR")) {
      String v = env.get(k);
      if (v != null && !v.isBlank()) return Path.of(v).toAbsolutePath().normalize();
    }
    return Path.of("").toAbsolutePath();
  }

  public static DeploymentService service(Path projectDir, Map<String, String> env, Clock clock, Sleeper sleeper,
      List<PipelineListener> listeners) {
    FileDeploymentStore store = new FileDeploymentStore(projectDir.resolve(".claude").resolve("deployments"), clock);
    List<PipelineListener> all = new ArrayList<>(listeners);
    // Built on the first engine event: loading the config (Hibernate Validator, YAML) must not delay initialize.
    all.add(new LazyListener(() -> notifications(projectDir, env, sleeper, clock, store)));
    Transitions tx = new Transitions(store, clock, all);
    Map<String, StageExecutor> executors = new LinkedHashMap<>();
    executors.put("local", new LocalCommandExecutor(clock));
    executors.put("harness", new HarnessStages(projectDir, env, sleeper, clock));
    RolloutRunner rollouts = new RolloutRunner(tx,
        Runtimes.production(projectDir.resolve(".claude").resolve("deployments").resolve("proxies"), sleeper),
        new HttpProbe(), Smoke.shell(projectDir), sleeper, projectDir);
    PipelineRunner runner = new PipelineRunner(tx, executors, sleeper, new HealthChecker(clock, sleeper), projectDir,
        rollouts);
    return new DeploymentService(projectDir, runner, env);
  }

  /**
   * The notification dispatcher for the project's config as it is at the first engine event (a server picks up
   * notification changes when restarted). No config, or a config with errors, means no notifications: the deploy commands
   * report the config errors themselves.
   */
  static Optional<PipelineListener> notifications(Path projectDir, Map<String, String> env, Sleeper sleeper,
      Clock clock, FileDeploymentStore store) {
    if (ConfigLoader.locate(projectDir).isEmpty()) return Optional.empty();
    PipelineConfig config;
    try {
      config = new ConfigLoader(env).load(projectDir);
    } catch (ConfigException e) {
      return Optional.empty();
    }
    if (config.notifications() == null) return Optional.empty();
    Consumer<AuditRecord> audit = r -> store.write(w -> w.audit(r));
    return Optional.of(NotificationDispatcher.create(config.notifications(), env, config.retryOrDefault().toPolicy(),
        sleeper, clock, audit));
  }

  /** Harness clients with the project's one retry policy; the API key comes from the environment only. */
  public static HarnessClient harnessClient(HarnessConfig config, Map<String, String> env, Sleeper sleeper,
      Clock clock) {
    return HarnessClient.fromEnvironment(config, env, new Retrier(RetryPolicy.DEFAULT.forAnyState(), sleeper),
        Retrier.Listener.NONE, clock);
  }

  /** Reads the project's harness section at each stage, so config edits apply to the next run. */
  private record HarnessStages(Path projectDir, Map<String, String> env, Sleeper sleeper, Clock clock)
      implements StageExecutor {
    @Override
    public String name() {
      return "harness";
    }

    @Override
    public StageResult run(StageRequest r) throws InterruptedException {
      HarnessConfig hc = new ConfigLoader(env).load(projectDir).harness();
      return new HarnessExecutor(hc, () -> harnessClient(hc, env, sleeper, clock), sleeper, clock).run(r);
    }
  }
}
