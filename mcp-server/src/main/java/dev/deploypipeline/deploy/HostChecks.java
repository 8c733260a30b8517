package dev.deploypipeline.deploy;

import dev.deploypipeline.hostcheck.HostChecker;
import dev.deploypipeline.hostcheck.HostProbes;
import dev.deploypipeline.hostcheck.HostReport;
import dev.deploypipeline.hostcheck.Thresholds;
import java.nio.file.Path;
import java.util.Map;

/**
 * The host pre-flight for the front ends ({@code check}, {@code host_check}). It needs no loadable config (checking a
 * host that is not ready yet is the point), only the project directory and the environment ({@code DOCKER_HOST}).
 */
public final class HostChecks {
  private final HostChecker checker;

  public HostChecks(Path projectDir, Map<String, String> env, HostProbes probes) {
    this.checker = new HostChecker(projectDir, env, probes);
  }

  public HostChecks(Path projectDir, Map<String, String> env) {
    this(projectDir, env, HostProbes.real());
  }

  /** Bad thresholds or a malformed hosting section are {@link DeployException.Kind#BAD_INPUT}. */
  public HostReport run(Thresholds thresholds, boolean running) {
    try {
      return checker.check(thresholds, running);
    } catch (IllegalArgumentException e) {
      throw new DeployException(DeployException.Kind.BAD_INPUT, e.getMessage(),
          NextStep.text("fix it in .claude/deployment-config.json (see docs/check-and-rollback-plan.md)"));
    }
  }

  /** Thresholds from front-end arguments (null: the default), with a bad value as BAD_INPUT. */
  public static Thresholds thresholds(Long diskMb, Integer diskPercent, Long memoryMb) {
    try {
      return Thresholds.of(diskMb, diskPercent, memoryMb);
    } catch (IllegalArgumentException e) {
      throw new DeployException(DeployException.Kind.BAD_INPUT, e.getMessage(),
          NextStep.text("pass a threshold in range, or leave it out for the default"));
    }
  }
}
