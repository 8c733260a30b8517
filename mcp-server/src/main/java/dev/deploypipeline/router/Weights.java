package dev.deploypipeline.router;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks a requested split and reduces it to the smallest integer ratio a proxy can carry. */
public final class Weights {
  private static final Pattern ADDRESS =
      Pattern.compile("127\\.0\\.0\\.1:\\d{1,5}|\\[::1\\]:\\d{1,5}|localhost:\\d{1,5}");

  private Weights() {}

  /** Rejects an empty split, duplicate or non-loopback addresses, negative weights, and all-zero weights. */
  public static void validate(List<Upstream> upstreams) {
    if (upstreams == null || upstreams.isEmpty()) {
      throw new IllegalArgumentException("upstreams: empty; give at least one upstream with a positive weight");
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < upstreams.size(); i++) {
      Upstream u = upstreams.get(i);
      if (u.address() == null || !ADDRESS.matcher(u.address()).matches()) {
        throw new IllegalArgumentException("upstreams[" + i + "].address: '" + u.address()
            + "' is not a loopback host:port such as 127.0.0.1:8080");
      }
      if (!seen.add(u.address())) {
        throw new IllegalArgumentException("upstreams[" + i + "].address: " + u.address() + " appears twice");
      }
      if (u.weight() < 0) {
        throw new IllegalArgumentException("upstreams[" + i + "].weight: " + u.weight() + " is negative");
      }
    }
    if (upstreams.stream().allMatch(u -> u.weight() == 0)) {
      throw new IllegalArgumentException("upstreams: every weight is 0; at least one must be positive");
    }
  }

  /**
   * Drops zero weights, divides by the greatest common divisor, and if the total still exceeds {@code maxTotal}
   * scales every weight down proportionally (never below 1), e.g. 10:90 becomes 1:9 and 33:67 stays 33:67.
   */
  public static List<Upstream> reduce(List<Upstream> upstreams, int maxTotal) {
    validate(upstreams);
    List<Upstream> live = upstreams.stream().filter(u -> u.weight() > 0).toList();
    long sum = live.stream().mapToLong(Upstream::weight).sum();
    if (sum > maxTotal) {
      live = live.stream()
          .map(u -> new Upstream(u.address(), (int) Math.max(1, Math.round((double) u.weight() * maxTotal / sum))))
          .toList();
    }
    int g = live.stream().mapToInt(Upstream::weight).reduce(0, Weights::gcd);
    return live.stream().map(u -> new Upstream(u.address(), u.weight() / g)).toList();
  }

  /**
   * One entry per unit of weight, interleaved (smooth weighted round robin) so that a round-robin proxy spreads
   * each upstream evenly over the cycle rather than in runs.
   */
  public static List<String> expand(List<Upstream> reduced) {
    int total = reduced.stream().mapToInt(Upstream::weight).sum();
    int[] current = new int[reduced.size()];
    List<String> out = new ArrayList<>(total);
    for (int n = 0; n < total; n++) {
      int best = 0;
      for (int i = 0; i < reduced.size(); i++) {
        current[i] += reduced.get(i).weight();
        if (current[i] > current[best]) best = i;
      }
      current[best] -= total;
      out.add(reduced.get(best).address());
    }
    return out;
  }

  /** The inverse of {@link #expand}: repeated entries become a weight, in order of first appearance. */
  public static List<Upstream> fold(List<String> entries) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    entries.forEach(e -> counts.merge(e, 1, Integer::sum));
    return counts.entrySet().stream().map(e -> new Upstream(e.getKey(), e.getValue())).toList();
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
