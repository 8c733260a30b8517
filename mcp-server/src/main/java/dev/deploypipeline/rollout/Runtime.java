package dev.deploypipeline.rollout;

import dev.deploypipeline.config.RouterSpec;
import dev.deploypipeline.config.TargetSpec;
import dev.deploypipeline.router.Router;
import dev.deploypipeline.targets.Target;
import java.io.IOException;

/**
 * The rollout's way to real targets and proxies, by config name. Implementations cache per environment: a private
 * proxy started for an environment must outlive one rollout (it carries the traffic between deploys).
 */
public interface Runtime {
  Target target(String environment, TargetSpec spec) throws IOException;

  /** The environment's router: attached to {@code spec.admin()}, or a private proxy started on first use. */
  Router router(String environment, RouterSpec spec) throws IOException, InterruptedException;
}
