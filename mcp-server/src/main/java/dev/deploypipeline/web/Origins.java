package dev.deploypipeline.web;

import java.util.List;
import java.util.Set;

/**
 * The origins a browser page of ours has: the listening address (and {@code localhost} for a loopback one), or
 * the public origin a reverse proxy serves. Known only once the port is.
 */
final class Origins {
  private volatile Set<String> allowed = Set.of();

  void set(List<String> origins) {
    allowed = Set.copyOf(origins);
  }

  boolean allowed(String origin) {
    return origin != null && allowed.contains(origin);
  }

  String describe() {
    return String.join(" or ", allowed.stream().sorted().toList());
  }
}
