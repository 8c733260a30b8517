package dev.deploypipeline.rollout;

import dev.deploypipeline.config.StrategySpec;
import dev.deploypipeline.config.TargetSpec;
import dev.deploypipeline.router.Router;
import dev.deploypipeline.targets.Target;
import dev.deploypipeline.workflow.Sleeper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Everything one environment's rollout works with; {@code router} is null for a recreate without a proxy.
 * {@code variables} are the server's variables the config declares for the environment (see StageEnvironment):
 * instances get those, never the server's whole environment.
 */
record Setup(String version, TargetSpec targetSpec, StrategySpec strategy, Target target, Router router, Probe probe,
    Smoke smoke, Ports ports, Sleeper sleeper, Clock clock, Path workDir, Path logDir, Map<String, String> variables) {
  Setup {
    variables = variables == null ? Map.of() : Map.copyOf(variables);
  }

  Setup forVersion(String v) {
    return new Setup(v, targetSpec, strategy, target, router, probe, smoke, ports, sleeper, clock, workDir, logDir,
        variables);
  }
}
