package dev.deploypipeline.rollout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import dev.deploypipeline.workflow.Rollout;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Picks an instance's port: the next configured one not in use, or a free loopback port chosen now. */
interface Ports {
  int next(Set<Integer> inUse);

  static Ports of(List<Integer> configured) {
    if (configured.isEmpty()) return inUse -> free();
    return inUse -> configured.stream().filter(p -> !inUse.contains(p)).findFirst().orElseThrow(
        () -> new IllegalStateException("all configured target.ports " + configured + " are in use; add more"));
  }

  /** The ports of the rollout's instances that still run. */
  static Set<Integer> inUse(Rollout r) {
    Set<Integer> used = new HashSet<>();
    for (Rollout.Member m : r.instances()) {
      if (!m.stopped()) used.add(Integer.parseInt(m.address().substring(m.address().lastIndexOf(':') + 1)));
    }
    return used;
  }

  private static int free() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
