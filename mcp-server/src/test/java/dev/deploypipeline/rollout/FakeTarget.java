package dev.deploypipeline.rollout;

import dev.deploypipeline.targets.Instance;
import dev.deploypipeline.targets.InstanceSpec;
import dev.deploypipeline.targets.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory target: "processes" are entries; it remembers every start and stop, and what runs where. */
final class FakeTarget implements Target {
  final List<InstanceSpec> started = new ArrayList<>();
  final List<String> stopped = new ArrayList<>();
  final Map<String, String> versionAt = new ConcurrentHashMap<>();
  final Set<String> running = ConcurrentHashMap.newKeySet();
  private long pid = 1000;

  @Override
  public String kind() {
    return "fake";
  }

  @Override
  public synchronized Instance start(InstanceSpec spec) {
    started.add(spec);
    String address = "127.0.0.1:" + spec.port();
    versionAt.put(address, spec.version());
    running.add(address);
    pid++;
    return new Instance(spec.environment() + "-" + spec.slot() + "-" + pid, spec.environment(), spec.version(),
        spec.slot(), address, pid, Instant.parse("2026-01-01T00:00:00Z"), null);
  }

  @Override
  public synchronized void stop(Instance instance, Duration grace) {
    stopped.add(instance.address());
    running.remove(instance.address());
  }

  @Override
  public boolean isAlive(Instance instance) {
    return running.contains(instance.address());
  }

  /** Versions of what runs now, sorted. */
  List<String> runningVersions() {
    return running.stream().map(versionAt::get).sorted().toList();
  }
}
