package dev.deploypipeline;

import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.engine.HealthChecker;
import dev.deploypipeline.engine.PipelineListener;
import dev.deploypipeline.engine.PipelineRunner;
import dev.deploypipeline.engine.Transitions;
import dev.deploypipeline.executor.LocalCommandExecutor;
import dev.deploypipeline.executor.StageExecutor;
import dev.deploypipeline.store.FileDeploymentStore;
import dev.deploypipeline.workflow.Sleeper;
import java.nio.file.Path;
import java.time.Clock;
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
    Transitions tx = new Transitions(store, clock, listeners);
    Map<String, StageExecutor> executors = new LinkedHashMap<>();
    executors.put("local", new LocalCommandExecutor(clock));
    PipelineRunner runner = new PipelineRunner(tx, executors, sleeper, new HealthChecker(clock, sleeper), projectDir);
    return new DeploymentService(projectDir, runner, env);
  }
}
