package dev.deploypipeline.rollout;

import dev.deploypipeline.config.RouterSpec;
import dev.deploypipeline.config.TargetSpec;
import dev.deploypipeline.router.Router;
import dev.deploypipeline.targets.Target;
import dev.deploypipeline.workflow.Sleeper;
import java.io.IOException;
import dev.deploypipeline.router.CaddyRouter;
import dev.deploypipeline.router.HaproxyRouter;
import dev.deploypipeline.targets.ProcessTarget;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place where config names ({@code process}, {@code caddy}, {@code haproxy}) are bound to the real
 * implementations (ProcessTarget; CaddyRouter/HaproxyRouter attached, or CaddyProcess/HaproxyProcess started as
 * a private proxy). Until that binding is in the build, a deploy to an environment with a target fails with the
 * message below instead of doing anything half-way.
 */
public final class Runtimes {
  private Runtimes() {}

  /** {@code stateDir} is where private proxies keep their config and logs, one directory per environment. */
  public static Runtime production(Path stateDir, Sleeper sleeper) {
    ProcessTarget target = new ProcessTarget();
    Map<String, Router> routers = new ConcurrentHashMap<>();
    return new Runtime() {
      @Override
      public Target target(String environment, TargetSpec spec) {
        return target;
      }

      @Override
      public Router router(String environment, RouterSpec spec) {
        return routers.computeIfAbsent(environment, e -> spec.attached()
            ? ("caddy".equals(spec.type())
                ? CaddyRouter.attach(URI.create("http://" + spec.admin()), "pipeline-" + e, null)
                : HaproxyRouter.attach(Integer.parseInt(spec.admin().substring(spec.admin().indexOf(':') + 1)),
                    "pipeline_" + e))
            : new EnvironmentProxy(e, spec, stateDir.resolve(e), sleeper));
      }
    };
  }

  private static IOException unbound(String environment, String what) {
    return new IOException("this build has no " + what + " for environment " + environment
        + " (the process target and proxies are not bound in rollout/Runtimes); use a deploy command instead");
  }
}
