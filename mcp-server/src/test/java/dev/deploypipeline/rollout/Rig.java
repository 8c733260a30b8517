package dev.deploypipeline.rollout;

import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.config.RouterSpec;
import dev.deploypipeline.config.TargetSpec;
import dev.deploypipeline.engine.HealthChecker;
import dev.deploypipeline.workflow.PipelineListener;
import dev.deploypipeline.engine.PipelineRunner;
import dev.deploypipeline.engine.Rollbacks;
import dev.deploypipeline.engine.Transitions;
import dev.deploypipeline.router.Router;
import dev.deploypipeline.store.FileDeploymentStore;
import dev.deploypipeline.targets.Target;
import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Release;
import dev.deploypipeline.workflow.Rollout;
import dev.deploypipeline.workflow.Sleeper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real engine (file store, transitions, pipeline runner, rollout runner) over the fake target and router, with
 * a test clock. Every stage but prod is skipped so a drive goes straight to the prod rollout.
 */
final class Rig {
  final Path dir;
  final TestClock clock = TestClock.at("2026-12-01T10:00:00Z");
  final FakeTarget target = new FakeTarget();
  final FakeRouter router = new FakeRouter(target.versionAt::get);
  final FakeProbe probe = new FakeProbe(target);
  final List<String> progress = new ArrayList<>();
  final List<Duration> sleeps = new ArrayList<>();
  /** Called before every sleep: a test can throw here to simulate our server dying mid-step. */
  Runnable beforeSleep = () -> {};
  final Sleeper sleeper = d -> {
    beforeSleep.run();
    sleeps.add(d);
    clock.advance(d);
  };
  Runtime runtime = new Runtime() {
    @Override
    public Target target(String environment, TargetSpec spec) {
      return target;
    }

    @Override
    public Router router(String environment, RouterSpec spec) {
      return router;
    }
  };
  FileDeploymentStore store;
  PipelineRunner runner;
  /** The server's environment (set it, then {@link #restart}). */
  Map<String, String> serverEnv = Map.of();
  /** The flag server for flag ramps (null: none). */
  java.util.function.Function<dev.deploypipeline.flags.FlagsConfig, dev.deploypipeline.flags.FlagProvider> flags;

  Rig(Path dir) {
    this.dir = dir;
    router.onRoute = () -> clock.advance(Duration.ofMillis(40));
    this.store = new FileDeploymentStore(dir.resolve(".claude").resolve("deployments"), clock);
    restart();
  }

  /** A fresh engine on the same store, fakes and clock: what the next server process is. */
  void restart() {
    if (runner != null) runner.shutdown();
    PipelineListener l = new PipelineListener() {
      @Override
      public void rolloutProgress(Deployment d, String environment, String action) {
        progress.add(action);
      }
    };
    Transitions tx = new Transitions(store, clock, List.of(l));
    RolloutRunner rollouts = new RolloutRunner(tx, runtime, probe, (c, e, t) -> 0, sleeper, dir, serverEnv, flags);
    runner = new PipelineRunner(tx, Map.of(), sleeper, new HealthChecker(clock, sleeper), dir, rollouts);
  }

  static PipelineConfig config(String prodExtra) {
    return new ConfigLoader(Map.of()).parse(json(prodExtra), "test-config");
  }

  static String json(String prodExtra) {
    return """
        {"service": "svc",
         "stages": {"validate": {"skip": true}, "build": {"skip": true}, "test": {"skip": true}},
         "environments": {
           "dev": {"deploy": {"skip": true}},
           "staging": {"deploy": {"skip": true}},
           "prod": {"requiresApproval": false,
             "target": {"type": "process", "command": "java Service.java", "instances": 2},
             %s}}}
        """.formatted(prodExtra);
  }

  Deployment deploy(String version, PipelineConfig config) throws InterruptedException {
    Deployment d = store.write(w -> w.save(Deployment.create(w.nextId(), "svc", "main", "c0ffee", version,
        "alice@example.com", clock.instant())));
    return runner.drive(d.id(), config);
  }

  Deployment rollback(String id, PipelineConfig config, String env, String toVersion) throws InterruptedException {
    return new Rollbacks(runner).rollback(id, config, "bob@example.com", "test rollback", env, toVersion);
  }

  static Rollout rollout(Deployment d) {
    return d.releases().stream().filter(r -> r.environment().equals("prod")).map(Release::rollout).findFirst()
        .orElseThrow();
  }
}
