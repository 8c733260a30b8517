package dev.deploypipeline.app;

import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.engine.HealthChecker;
import dev.deploypipeline.engine.LazyListener;
import dev.deploypipeline.workflow.PipelineListener;
import dev.deploypipeline.engine.PipelineRunner;
import dev.deploypipeline.engine.Transitions;
import dev.deploypipeline.config.ConfigLoader;
import java.util.ArrayList;
import dev.deploypipeline.executor.ComposeExecutor;
import dev.deploypipeline.executor.HarnessExecutor;
import dev.deploypipeline.executor.HelmExecutor;
import dev.deploypipeline.executor.LocalCommandExecutor;
import dev.deploypipeline.executor.StageExecutor;
import dev.deploypipeline.executor.StageRequest;
import dev.deploypipeline.executor.StageResult;
import dev.deploypipeline.flags.FlagProvider;
import dev.deploypipeline.flags.FlagsConfig;
import dev.deploypipeline.flags.UnleashClient;
import dev.deploypipeline.harness.HarnessClient;
import dev.deploypipeline.harness.HarnessConfig;
import dev.deploypipeline.workflow.Retrier;
import dev.deploypipeline.workflow.RetryPolicy;
import dev.deploypipeline.store.DeploymentStore;
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

/**
 * The composition root: builds the one service from the embedded defaults (the store {@link Stores} picks, local
 * executor).
 */
public final class App {
  /** The one version both front ends report. */
  public static final String VERSION = "0.1.0";

  private App() {}

  /** {@code DEPLOY_PROJECT_DIR}, else Claude Code's {@code CLAUDE_PROJECT_DIR}, else the working directory. */
  public static Path projectDir(Map<String, String> env) {
    for (String k : List.of("DEPLOY_PROJECT_DIR", "CLAUDE_PROJECT_DIR")) {
      String v = env.get(k);
      if (v != null && !v.isBlank()) return Path.of(v).toAbsolutePath().normalize();
    }
    return Path.of("").toAbsolutePath();
  }

  /**
   * Loads the project's config once and drops the result: the first load pays Hibernate Validator's bootstrap and
   * the config classes' metadata (about 150–250 ms, initialisation rather than class loading), which a server would
   * otherwise pay in the first call that needs the config. A missing or broken config is that call's to report, not
   * this one's.
   */
  public static void warmConfig(Path projectDir, Map<String, String> env) {
    try {
      new ConfigLoader(env).load(projectDir);
    } catch (RuntimeException | LinkageError e) {
      // only a head start: the call that needs the config loads it again and reports what is wrong
    }
  }

  public static DeploymentService service(Path projectDir, Map<String, String> env, Clock clock, Sleeper sleeper,
      List<PipelineListener> listeners) {
    DeploymentStore store = Stores.open(projectDir, env, clock);
    List<PipelineListener> all = new ArrayList<>(listeners);
    // Built on the first engine event: loading the config (Hibernate Validator, YAML) must not delay initialize.
    all.add(new LazyListener(new NotificationsSetup(projectDir, env, sleeper, clock, store)::attempt));
    Transitions tx = new Transitions(store, clock, all);
    Map<String, StageExecutor> executors = new LinkedHashMap<>();
    executors.put("local", new LocalCommandExecutor(clock, env));
    HarnessClients harnessClients = new HarnessClients(env, sleeper, clock);
    executors.put("harness", new HarnessStages(projectDir, env, sleeper, clock, harnessClients));
    executors.put("helm", new HelmExecutor(() -> new ConfigLoader(env).load(projectDir), env));
    RolloutRunner rollouts = new RolloutRunner(tx,
        Runtimes.production(projectDir.resolve(".claude").resolve("deployments").resolve("proxies"), sleeper),
        new HttpProbe(), Smoke.shell(projectDir), sleeper, projectDir, env, flagProviders(env));
    HealthChecker health = new HealthChecker(clock, sleeper, env::get);
    executors.put("compose", new ComposeExecutor(() -> new ConfigLoader(env).load(projectDir), env, health::check,
        clock, sleeper));
    PipelineRunner runner = new PipelineRunner(tx, executors, sleeper, health, projectDir, env, rollouts);
    return new DeploymentService(projectDir, runner, env);
  }

  /**
   * Flag-server clients, one per flags config for the life of the caller (an HTTP client each); the admin token
   * comes from the environment only.
   */
  public static java.util.function.Function<FlagsConfig, FlagProvider> flagProviders(Map<String, String> env) {
    Map<FlagsConfig, FlagProvider> clients = new java.util.concurrent.ConcurrentHashMap<>();
    return c -> clients.computeIfAbsent(c, x -> UnleashClient.fromEnvironment(x, env));
  }

  /** Harness clients with the project's one retry policy; the API key comes from the environment only. */
  public static HarnessClient harnessClient(HarnessConfig config, Map<String, String> env, Sleeper sleeper,
      Clock clock) {
    return HarnessClient.fromEnvironment(config, env, new Retrier(RetryPolicy.DEFAULT.forAnyState(), sleeper),
        Retrier.Listener.NONE, clock);
  }

  /**
   * Reads the project's harness section at each stage, so config edits apply to the next run; one client per
   * config, closed when the runner shuts down.
   */
  private record HarnessStages(Path projectDir, Map<String, String> env, Sleeper sleeper, Clock clock,
      HarnessClients clients) implements StageExecutor, AutoCloseable {
    @Override
    public String name() {
      return "harness";
    }

    @Override
    public StageResult run(StageRequest r) throws InterruptedException {
      HarnessConfig hc = new ConfigLoader(env).load(projectDir).harness();
      return new HarnessExecutor(hc, () -> clients.apply(hc), sleeper, clock).run(r);
    }

    @Override
    public void close() {
      clients.close();
    }
  }
}
