package dev.deploypipeline.router;

import java.util.Arrays;

/** The most recent N latencies of one upstream, for a p95 that follows the current behaviour. */
final class LatencyWindow {
  private final double[] ring;
  private int next;
  private int size;

  LatencyWindow(int capacity) {
    this.ring = new double[capacity];
  }

  void add(double millis) {
    ring[next] = millis;
    next = (next + 1) % ring.length;
    size = Math.min(size + 1, ring.length);
  }

  /** The nearest-rank 95th percentile, or -1 with no sample. */
  double p95() {
    if (size == 0) return -1;
    double[] sorted = Arrays.copyOf(ring, size);
    Arrays.sort(sorted);
    return sorted[(int) Math.ceil(0.95 * size) - 1];
  }
}
