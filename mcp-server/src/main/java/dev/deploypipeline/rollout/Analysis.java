package dev.deploypipeline.rollout;

import dev.deploypipeline.config.AnalysisSpec;
import dev.deploypipeline.router.Router;
import dev.deploypipeline.router.UpstreamCounters;
import dev.deploypipeline.workflow.Rollout;
import dev.deploypipeline.workflow.Sleeper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures a new release {@code count} times, {@code interval} apart, and turns the measurements into one
 * {@link Rollout.Verdict}: per measurement a verdict, per metric the {@link MetricTally} limits, and the worst metric
 * wins. Health and version are asked of every new instance; error rate and p95 come from the router's per-upstream
 * counter deltas over each interval, against absolute limits and against stable. It stops at the first Failed
 * measurement: waiting out the window would only send more users to a release already judged bad.
 */
final class Analysis {
  /** What is analysed: the new instances, the stable ones to compare with, and whether they should get traffic. */
  record Subject(String at, String version, List<String> fresh, List<String> stable, boolean traffic,
      String healthPath, String versionPath) {}

  private final Router router;
  private final Probe probe;
  private final Smoke smoke;
  private final Sleeper sleeper;
  private final Clock clock;

  Analysis(Router router, Probe probe, Smoke smoke, Sleeper sleeper, Clock clock) {
    this.router = router;
    this.probe = probe;
    this.smoke = smoke;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  /** Runs the analysis. An interrupt ends it as Cancelled (never a pass) and is re-raised by the caller. */
  Rollout.Verdict run(AnalysisSpec spec, Subject s) {
    Map<String, MetricTally> tallies = new LinkedHashMap<>();
    boolean cancelled = false;
    try {
      if (spec.smoke() != null && !spec.smoke().isBlank()) smoke(spec, s, tally(tallies, "smoke"));
      boolean traffic = s.traffic() && router != null;
      Map<String, UpstreamCounters> before = traffic ? counters(tallies) : Map.of();
      for (int i = 0; i < spec.countOrDefault() && !failed(tallies); i++) {
        sleeper.sleep(spec.intervalOrDefault());
        instances(s, tallies);
        if (traffic) {
          Map<String, UpstreamCounters> after = counters(tallies);
          if (before != null && after != null) traffic(spec, s, before, after, tallies);
          before = after;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancelled = true;
    }
    return verdict(s.at(), tallies, cancelled);
  }

  private Rollout.Verdict verdict(String at, Map<String, MetricTally> tallies, boolean cancelled) {
    List<Rollout.Metric> metrics = new ArrayList<>();
    Verdict worst = cancelled ? Verdict.CANCELLED : Verdict.SUCCESSFUL;
    String failing = cancelled ? "cancelled" : null;
    for (MetricTally t : tallies.values()) {
      if (t.measured() == 0) continue;
      Verdict v = t.verdict();
      metrics.add(new Rollout.Metric(t.name, v.id(), t.last(), t.detail()));
      if (v.ordinal() > worst.ordinal()) {
        worst = v;
        failing = t.name;
      }
    }
    if (metrics.isEmpty() && !cancelled) {
      worst = Verdict.INCONCLUSIVE;
      failing = "no-measurements";
    }
    return new Rollout.Verdict(at, worst.id(), failing, metrics, clock.instant());
  }

  private void smoke(AnalysisSpec spec, Subject s, MetricTally t) throws InterruptedException {
    try {
      int code = smoke.run(spec.smoke(), Map.of("ADDRESSES", String.join(",", s.fresh()), "VERSION", s.version()),
          Duration.ofSeconds(60));
      t.add(code == 0 ? Verdict.SUCCESSFUL : Verdict.FAILED, Map.of("exitCode", code),
          code == -1 ? "smoke command timed out after 60 s" : "smoke command exited " + code);
    } catch (IOException e) {
      t.add(Verdict.ERROR, Map.of(), "smoke command could not run: " + e.getMessage());
    }
  }

  private void instances(Subject s, Map<String, MetricTally> tallies) throws InterruptedException {
    for (String a : s.fresh()) {
      try {
        int code = probe.status(a, s.healthPath());
        tally(tallies, "health").add(code / 100 == 2 ? Verdict.SUCCESSFUL : Verdict.FAILED,
            Map.of("address", a, "status", code), a + s.healthPath() + " answered HTTP " + code);
      } catch (IOException e) {
        tally(tallies, "health").add(Verdict.FAILED, Map.of("address", a), a + s.healthPath()
            + " did not answer: " + e.getClass().getSimpleName());
      }
      try {
        String v = probe.version(a, s.versionPath());
        tally(tallies, "version").add(s.version().equals(v) ? Verdict.SUCCESSFUL : Verdict.FAILED,
            Map.of("address", a, "version", v), a + " runs version '" + v + "', expected '" + s.version() + "'");
      } catch (IOException e) {
        tally(tallies, "version").add(Verdict.ERROR, Map.of("address", a), a + s.versionPath()
            + " did not answer: " + e.getClass().getSimpleName());
      }
    }
  }

  private void traffic(AnalysisSpec spec, Subject s, Map<String, UpstreamCounters> before,
      Map<String, UpstreamCounters> after, Map<String, MetricTally> tallies) {
    long[] fresh = delta(s.fresh(), before, after);
    long[] stable = delta(s.stable(), before, after);
    int min = spec.minRequestsOrDefault();
    double rate = fresh[0] == 0 ? 0 : (double) fresh[1] / fresh[0];
    Map<String, Object> n = new LinkedHashMap<>();
    n.put("responses", fresh[0]);
    n.put("errors5xx", fresh[1]);
    n.put("errorRate", round(rate));
    if (fresh[0] < min) {
      tally(tallies, "error-rate").add(Verdict.INCONCLUSIVE, n, "only " + fresh[0] + " responses in the interval, "
          + "fewer than minRequests " + min);
    } else {
      boolean bad = rate > spec.maxErrorRateOrDefault();
      tally(tallies, "error-rate").add(bad ? Verdict.FAILED : Verdict.SUCCESSFUL, n, "error rate " + pct(rate)
          + " above maxErrorRate " + pct(spec.maxErrorRateOrDefault()) + " (" + fresh[1] + " of " + fresh[0] + ")");
      double stableRate = stable[0] == 0 ? 0 : (double) stable[1] / stable[0];
      // Only a stable release with traffic and errors of its own gives a ratio to compare against; otherwise the
      // absolute limit above is the judge.
      if (spec.maxErrorRateVsStable() != null && stable[0] >= min && stableRate > 0) {
        Map<String, Object> m = new LinkedHashMap<>(n);
        m.put("stableErrorRate", round(stableRate));
        boolean worse = rate > stableRate * spec.maxErrorRateVsStable();
        tally(tallies, "error-rate-vs-stable").add(worse ? Verdict.FAILED : Verdict.SUCCESSFUL, m, "error rate "
            + pct(rate) + " is more than " + spec.maxErrorRateVsStable() + "x stable's " + pct(stableRate));
      }
    }
    if (spec.maxP95Ms() != null) {
      double p95 = s.fresh().stream().map(after::get).filter(c -> c != null)
          .mapToDouble(UpstreamCounters::latencyP95Millis).max().orElse(-1);
      Map<String, Object> m = Map.of("p95Ms", round(p95));
      if (p95 < 0) {
        tally(tallies, "p95").add(Verdict.INCONCLUSIVE, m, "the router gives no latency for the new instances");
      } else {
        tally(tallies, "p95").add(p95 > spec.maxP95Ms() ? Verdict.FAILED : Verdict.SUCCESSFUL, m,
            "p95 " + Math.round(p95) + " ms above maxP95Ms " + spec.maxP95Ms());
      }
    }
  }

  private Map<String, UpstreamCounters> counters(Map<String, MetricTally> tallies) throws InterruptedException {
    try {
      return router.counters();
    } catch (IOException e) {
      tally(tallies, "error-rate").add(Verdict.ERROR, Map.of(), "router counters unreadable: " + e.getMessage());
      return null;
    }
  }

  private static long[] delta(List<String> addresses, Map<String, UpstreamCounters> before,
      Map<String, UpstreamCounters> after) {
    long responses = 0;
    long errors = 0;
    for (String a : addresses) {
      UpstreamCounters b = before.get(a);
      UpstreamCounters c = after.get(a);
      if (c == null) continue;
      responses += c.responses() - (b == null ? 0 : b.responses());
      errors += c.errors5xx() - (b == null ? 0 : b.errors5xx());
    }
    return new long[] {Math.max(0, responses), Math.max(0, errors)};
  }

  private static boolean failed(Map<String, MetricTally> tallies) {
    return tallies.values().stream().anyMatch(t -> t.verdict() == Verdict.FAILED || t.verdict() == Verdict.ERROR
        && t.measured() > MetricTally.CONSECUTIVE_ERROR_LIMIT);
  }

  private static MetricTally tally(Map<String, MetricTally> tallies, String name) {
    return tallies.computeIfAbsent(name, MetricTally::new);
  }

  private static double round(double d) {
    return Math.round(d * 10000) / 10000.0;
  }

  private static String pct(double r) {
    return String.format(java.util.Locale.ROOT, "%.1f %%", r * 100);
  }
}
