package dev.deploypipeline.rollout;

import dev.deploypipeline.router.Router;
import dev.deploypipeline.router.Upstream;
import dev.deploypipeline.router.UpstreamCounters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An in-memory router: records every split asked for, and simulates load: each {@link #counters()} call adds
 * {@code load} requests spread over the current split by weight, failing the scripted share per version.
 */
final class FakeRouter implements Router {
  final List<List<Upstream>> splits = new ArrayList<>();
  final Map<String, Double> failRateByVersion = new HashMap<>();
  private final Map<String, long[]> totals = new HashMap<>();
  private final Function<String, String> versionOf;
  private List<Upstream> current = List.of();
  int load = 400;
  /** An error share on top of the per-version one, asked at every counters() call (a feature behind a flag). */
  java.util.function.DoubleSupplier extraFailRate = () -> 0;
  /** Runs inside every route call: a test clock can advance to give the switch a duration. */
  Runnable onRoute = () -> {};

  FakeRouter(Function<String, String> versionOf) {
    this.versionOf = versionOf;
  }

  @Override
  public String kind() {
    return "fake";
  }

  @Override
  public synchronized void route(List<Upstream> upstreams) {
    onRoute.run();
    splits.add(List.copyOf(upstreams));
    current = List.copyOf(upstreams);
  }

  @Override
  public synchronized List<Upstream> current() {
    return current;
  }

  @Override
  public synchronized Map<String, UpstreamCounters> counters() {
    int total = current.stream().mapToInt(Upstream::weight).sum();
    double extra = extraFailRate.getAsDouble();
    for (Upstream u : current) {
      long n = total == 0 ? 0 : (long) load * u.weight() / total;
      long e = Math.round(n * Math.min(1, failRateByVersion.getOrDefault(versionOf.apply(u.address()), 0.0) + extra));
      long[] t = totals.computeIfAbsent(u.address(), k -> new long[2]);
      t[0] += n;
      t[1] += e;
    }
    Map<String, UpstreamCounters> out = new HashMap<>();
    totals.forEach((a, t) -> out.put(a, new UpstreamCounters(t[0], t[1], 20)));
    return out;
  }

  /** The share of weight on upstreams running {@code version}, in percent, in split {@code i}. */
  int percent(List<Upstream> split, String version) {
    int total = split.stream().mapToInt(Upstream::weight).sum();
    int v = split.stream().filter(u -> version.equals(versionOf.apply(u.address()))).mapToInt(Upstream::weight).sum();
    return Math.round(100f * v / total);
  }
}
