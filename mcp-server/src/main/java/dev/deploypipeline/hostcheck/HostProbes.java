package dev.deploypipeline.hostcheck;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the checks read from the host, behind interfaces, so that thresholds and failures are testable without
 * filling a disk or stopping a daemon. {@link #real} reads this machine.
 */
public record HostProbes(Disk disk, Memory memory, Ports ports, Docker docker, Systemd systemd, Tools tools,
    Caddy caddy) {

  /** Total and usable bytes of the filesystem holding a path. */
  public interface Disk {
    Space space(Path path) throws IOException;
  }

  public record Space(String mount, long totalBytes, long usableBytes) {}

  /** Total and available memory ({@code MemAvailable}: what can be used without swapping). */
  public interface Memory {
    MemoryInfo read() throws IOException;
  }

  public record MemoryInfo(long totalBytes, long availableBytes) {}

  /** Whether a host port can be bound on an address ("" for every address). */
  public interface Ports {
    boolean free(String hostIp, int port, String protocol);
  }

  /** The daemon's answer to {@code /_ping} and {@code /info}, or why there is none. */
  public interface Docker {
    DockerStatus ping(Map<String, String> env);
  }

  public record DockerStatus(String endpoint, boolean reachable, String version, String rootDir, String error) {}

  /** PID 1's name, and {@code systemctl is-active} for a unit. */
  public interface Systemd {
    String pid1();

    String isActive(String unit);
  }

  /** A program on PATH, and running it in a directory (output merged, bounded in time). */
  public interface Tools {
    Optional<Path> find(String program);

    Result run(List<String> command, Path dir, Map<String, String> env);
  }

  public record Result(int exitCode, String output) {}

  /** GET {@code /config/} on Caddy's admin API: the body, or an exception saying why not. */
  public interface Caddy {
    String config(String adminAddress) throws IOException, InterruptedException;
  }

  public static HostProbes real() {
    return new HostProbes(RealProbes::space, RealProbes::memory, RealProbes::portFree, new DockerPing(),
        new RealProbes.SystemdOnHost(), new RealProbes.ProcessTools(), RealProbes::caddyConfig);
  }

  public HostProbes withDisk(Disk d) {
    return new HostProbes(d, memory, ports, docker, systemd, tools, caddy);
  }

  public HostProbes withMemory(Memory m) {
    return new HostProbes(disk, m, ports, docker, systemd, tools, caddy);
  }

  public HostProbes withSystemd(Systemd s) {
    return new HostProbes(disk, memory, ports, docker, s, tools, caddy);
  }

  public HostProbes withDocker(Docker d) {
    return new HostProbes(disk, memory, ports, d, systemd, tools, caddy);
  }
}
