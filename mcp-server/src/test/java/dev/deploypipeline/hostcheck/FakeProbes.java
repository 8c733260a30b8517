package dev.deploypipeline.hostcheck;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Probes for tests that are about one check: each test swaps in the probe it is about. */
public final class FakeProbes {
  private static final long MB = 1024L * 1024;

  private FakeProbes() {}

  /** Roomy disk and memory, no daemon, no systemd, no tools: each test swaps in what it is about. */
  public static HostProbes quiet() {
    HostProbes.Tools none = new HostProbes.Tools() {
      @Override
      public Optional<Path> find(String program) {
        return Optional.empty();
      }

      @Override
      public HostProbes.Result run(List<String> command, Path d, Map<String, String> env) {
        return new HostProbes.Result(127, "not here");
      }
    };
    return new HostProbes(p -> new HostProbes.Space("/", 100_000 * MB, 50_000 * MB),
        () -> new HostProbes.MemoryInfo(8192 * MB, 4096 * MB), RealProbes::portFree,
        env -> new HostProbes.DockerStatus("unix:///nowhere", false, null, null, "no socket at /nowhere"),
        systemd("tini", Map.of()), none, admin -> {
          throw new IOException("caddy admin API at http://" + admin + " is not reachable (is caddy running?)");
        });
  }

  public static HostProbes.Systemd systemd(String pid1, Map<String, String> states) {
    return new HostProbes.Systemd() {
      @Override
      public String pid1() {
        return pid1;
      }

      @Override
      public String isActive(String unit) {
        return states.getOrDefault(unit, "unknown");
      }
    };
  }

}
