package dev.deploypipeline.rollout;

import dev.deploypipeline.workflow.Rollout;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;

/** Picks an instance's port: the next configured one not in use, or a free loopback port chosen now. */
interface Ports {
  int next(Set<Integer> inUse);

  static Ports of(List<Integer> configured) {
    if (configured.isEmpty()) return outside(dev.deploypipeline.targets.Ports::free);
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

  /**
   * The OS may hand back a port it gave us a moment ago when that instance has not bound it yet, so a port our
   * own instances hold is asked for again.
   */
  static Ports outside(IntSupplier free) {
    return inUse -> {
      for (int tries = 0; tries < 64; tries++) {
        int port = free.getAsInt();
        if (!inUse.contains(port)) return port;
      }
      throw new IllegalStateException("no free loopback port outside " + inUse + " after 64 tries");
    };
  }
}
