package dev.deploypipeline.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.config.AnalysisSpec;
import dev.deploypipeline.router.Upstream;
import dev.deploypipeline.targets.InstanceSpec;
import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.workflow.Rollout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalysisTest {
  final TestClock clock = TestClock.at("2026-12-01T10:00:00Z");
  final List<Duration> sleeps = new ArrayList<>();
  final FakeTarget target = new FakeTarget();
  final FakeRouter router = new FakeRouter(target.versionAt::get);

  Analysis.Subject canaryAt(int percent) throws Exception {
    target.start(new InstanceSpec("prod", "v1", "stable", 9001, "x", Map.of(), Path.of("."), Path.of(".")));
    target.start(new InstanceSpec("prod", "v2", "canary", 9002, "x", Map.of(), Path.of("."), Path.of(".")));
    router.route(List.of(new Upstream("127.0.0.1:9001", 100 - percent), new Upstream("127.0.0.1:9002", percent)));
    return new Analysis.Subject("step-1", "v2", List.of("127.0.0.1:9002"), List.of("127.0.0.1:9001"), true,
        "/health", "/version");
  }

  Rollout.Verdict run(AnalysisSpec spec, Analysis.Subject s, Smoke smoke) {
    return new Analysis(router, new FakeProbe(target), smoke, d -> {
      sleeps.add(d);
      clock.advance(d);
    }, clock).run(spec, s);
  }

  static AnalysisSpec spec(Double vsStable, Integer p95, String smoke) {
    return new AnalysisSpec("2s", 5, 20, 0.05, p95, vsStable, smoke);
  }

  @Test
  void aHealthyCanaryWithEnoughTrafficIsSuccessfulOnEveryMetric() throws Exception {
    Rollout.Verdict v = run(spec(2.0, 500, "true"), canaryAt(10), (c, e, t) -> 0);
    assertThat(v.verdict()).isEqualTo("successful");
    assertThat(v.metrics()).extracting(Rollout.Metric::name)
        .containsExactly("smoke", "health", "version", "error-rate", "p95");
    assertThat(sleeps).hasSize(5).containsOnly(Duration.ofSeconds(2));
  }

  @Test
  void aFailingSmokeCommandFailsTheAnalysisWithItsExitCode() throws Exception {
    Rollout.Verdict v = run(spec(null, null, "exit 3"), canaryAt(10), (c, e, t) -> 3);
    assertThat(v.verdict()).isEqualTo("failed");
    assertThat(v.failingCheck()).isEqualTo("smoke");
    assertThat(v.metrics().get(0).measured()).containsEntry("exitCode", 3);
  }

  @Test
  void worseThanStableByMoreThanTheFactorFailsEvenUnderTheAbsoluteLimit() throws Exception {
    router.failRateByVersion.put("v1", 0.01);
    router.failRateByVersion.put("v2", 0.04);
    Rollout.Verdict v = run(new AnalysisSpec("2s", 3, 20, 0.05, null, 2.0, null), canaryAt(50), (c, e, t) -> 0);
    assertThat(v.verdict()).isEqualTo("failed");
    assertThat(v.failingCheck()).isEqualTo("error-rate-vs-stable");
    assertThat(sleeps).hasSize(1);
  }

  @Test
  void aSlowCanaryFailsOnP95() throws Exception {
    Rollout.Verdict v = run(spec(null, 10, null), canaryAt(50), (c, e, t) -> 0);
    assertThat(v.verdict()).isEqualTo("failed");
    assertThat(v.failingCheck()).isEqualTo("p95");
  }

  @Test
  void anInterruptedAnalysisIsCancelledNotPassed() throws Exception {
    Analysis.Subject s = canaryAt(50);
    Rollout.Verdict v = new Analysis(router, new FakeProbe(target), (c, e, t) -> 0, d -> {
      throw new InterruptedException("shutting down");
    }, clock).run(spec(null, null, null), s);
    assertThat(Thread.interrupted()).isTrue();
    assertThat(v.verdict()).isEqualTo("cancelled");
    assertThat(v.failingCheck()).isEqualTo("cancelled");
  }
}
