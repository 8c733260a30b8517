package dev.deploypipeline.router;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Drives an existing reverse proxy (Caddy's admin API, HAProxy's runtime API): the pipeline is not a proxy. One
 * router is one environment's entry point.
 */
public interface Router {
  /** The config name: {@code caddy}, {@code haproxy}. */
  String kind();

  /**
   * Sets the whole traffic split in one atomic change and returns once the proxy has applied it. Weights are
   * relative shares (0 takes an upstream out of rotation); at least one weight is positive.
   */
  void route(List<Upstream> upstreams) throws IOException, InterruptedException;

  /** The split the proxy has now, read back from it (not from our memory). */
  List<Upstream> current() throws IOException, InterruptedException;

  /**
   * Cumulative per-upstream response counters since the proxy started, keyed by address. Callers diff two
   * snapshots to get a window; an upstream with no traffic yet may be absent.
   */
  Map<String, UpstreamCounters> counters() throws IOException, InterruptedException;
}
