package dev.deploypipeline.rollout;

import dev.deploypipeline.config.StrategySpec;
import dev.deploypipeline.config.TargetSpec;
import dev.deploypipeline.router.Router;
import dev.deploypipeline.targets.Target;
import dev.deploypipeline.workflow.Sleeper;
import java.nio.file.Path;
import java.time.Clock;

/** Everything one environment's rollout works with; {@code router} is null for a recreate without a proxy. */
record Setup(String version, TargetSpec targetSpec, StrategySpec strategy, Target target, Router router, Probe probe,
    Smoke smoke, Ports ports, Sleeper sleeper, Clock clock, Path workDir, Path logDir) {
  Setup forVersion(String v) {
    return new Setup(v, targetSpec, strategy, target, router, probe, smoke, ports, sleeper, clock, workDir, logDir);
  }
}
