package dev.deploypipeline.rollout;

import dev.deploypipeline.config.EnvironmentSpec;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.engine.StageEnvironment;
import dev.deploypipeline.engine.Transitions;
import dev.deploypipeline.router.Router;
import dev.deploypipeline.router.Upstream;
import dev.deploypipeline.store.HistoryQuery;
import dev.deploypipeline.targets.Target;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.DeploymentSummary;
import dev.deploypipeline.workflow.Release;
import dev.deploypipeline.workflow.Rollout;
import dev.deploypipeline.workflow.Rollout.Member;
import dev.deploypipeline.workflow.Sleeper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Builds a rollout's {@link Setup} and finds the stable release it starts from. */
final class SetupFactory {
  /** How many of the environment's newest deployments are searched for instances that may still run. */
  static final int HISTORY_DEPTH = 20;

  private final Transitions tx;
  private final Runtime runtime;
  private final Probe probe;
  private final Smoke smoke;
  private final Sleeper sleeper;
  private final Path projectDir;
  private final Map<String, String> serverEnv;

  SetupFactory(Transitions tx, Runtime runtime, Probe probe, Smoke smoke, Sleeper sleeper, Path projectDir,
      Map<String, String> serverEnv) {
    this.serverEnv = Map.copyOf(serverEnv);
    this.tx = tx;
    this.runtime = runtime;
    this.probe = probe;
    this.smoke = smoke;
    this.sleeper = sleeper;
    this.projectDir = projectDir;
  }

  Setup setup(Deployment d, String env, PipelineConfig config, String version) throws InterruptedException {
    EnvironmentSpec spec = config.environment(env);
    try {
      Target target = runtime.target(env, spec.target());
      Router router = spec.router() == null ? null : runtime.router(env, spec.router());
      Path logDir = tx.store().logFile(d.id(), "instances-" + env).resolveSibling("instances-" + env);
      return new Setup(version, spec.target(), spec.strategyOrDefault(), target, router, probe, smoke,
          Ports.of(spec.target().portList()), sleeper, tx.clock(), projectDir, logDir,
          StageEnvironment.withEnvFile(StageEnvironment.of(config, spec.target().command(), spec, serverEnv),
              projectDir, env, serverEnv, tx.clock(), config));
    } catch (IOException e) {
      throw new UncheckedIOException("environment " + env + ": cannot reach its target or router: "
          + e.getMessage(), e);
    }
  }

  /**
   * What serves {@code env} now. The proxy's own split is the truth: recorded instances of this environment that
   * are alive and get traffic are stable. Alive instances the proxy no longer routes to (a blue-green colour kept
   * warm, leftovers) are stopped here, since this deploy replaces what they were kept for.
   */
  RolloutRunner.Adoption adopt(Deployment d, String env, EnvironmentSpec spec, Steps steps)
      throws InterruptedException {
    Setup s = steps.setup();
    Map<String, Member> candidates = new LinkedHashMap<>();
    Map<String, String> owner = new LinkedHashMap<>();
    for (DeploymentSummary sum : tx.store().history(new HistoryQuery(d.service(), env, null, null, HISTORY_DEPTH))) {
      if (sum.id().equals(d.id())) continue;
      Deployment other = tx.store().find(sum.id()).orElse(null);
      if (other == null) continue;
      for (Release r : other.releases()) {
        if (!r.environment().equals(env) || r.rollout() == null) continue;
        for (Member m : r.rollout().instances()) {
          if (m.stopped() || candidates.containsKey(m.address())) continue;
          candidates.put(m.address(), m);
          owner.put(m.address(), other.id());
        }
      }
    }
    Set<String> routed = routed(s.router());
    List<Member> stable = new ArrayList<>();
    List<Member> orphans = new ArrayList<>();
    for (Member m : candidates.values()) {
      if (!s.target().isAlive(steps.toInstance(m))) continue;
      if (routed == null || routed.contains(m.address())) stable.add(asStable(m));
      else orphans.add(m);
    }
    if (routed == null && !stable.isEmpty()) {
      // Without a proxy, only the newest deployment's instances serve.
      String newest = owner.get(stable.get(0).address());
      orphans.addAll(stable.stream().filter(m -> !newest.equals(owner.get(m.address()))).toList());
      stable.removeIf(m -> !newest.equals(owner.get(m.address())));
    }
    for (Member m : orphans) {
      try {
        s.target().stop(steps.toInstance(m), Steps.STOP_GRACE);
      } catch (IOException e) {
        tx.audit(new dev.deploypipeline.store.AuditRecord(tx.clock().instant(), d.id(), "engine",
            "ROLLOUT_STOP_FAILED", null, null, null, Map.of("environment", env, "address", m.address())));
      }
    }
    String version = stable.isEmpty() ? null : stable.get(0).version();
    String from = stable.isEmpty() ? null : owner.get(stable.get(0).address());
    return new RolloutRunner.Adoption(stable, version, from);
  }

  private static Set<String> routed(Router router) throws InterruptedException {
    if (router == null) return null;
    try {
      return router.current().stream().filter(u -> u.weight() > 0).map(Upstream::address)
          .collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the " + router.kind() + " router's split: " + e.getMessage(), e);
    }
  }

  private static Member asStable(Member m) {
    return new Member(m.id(), "stable", m.slot(), m.version(), m.address(), m.pid(), m.processStart(), m.log(), false);
  }
}
