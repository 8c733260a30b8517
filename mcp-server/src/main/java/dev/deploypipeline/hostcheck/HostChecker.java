package dev.deploypipeline.hostcheck;

import dev.deploypipeline.compose.ComposeFacts;
import dev.deploypipeline.compose.ComposeInputException;
import dev.deploypipeline.compose.ComposeRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The host pre-flight ({@code check}, {@code host_check}): disk and memory headroom, every host port the Compose
 * files publish and the hosting config names, the Docker daemon, the Compose config (the real {@code docker-compose
 * config} and our validator), Caddy's admin API, and systemd units where systemd runs. Read-only: it binds a port
 * only to see whether it is free, and releases it at once.
 */
public final class HostChecker {
  /** A range of published ports is probed up to this many ports; the rest are named in the detail. */
  static final int MAX_PORTS_PER_RANGE = 64;
  private static final long MB = 1024L * 1024;

  private final Path projectDir;
  private final Map<String, String> env;
  private final HostProbes probes;

  public HostChecker(Path projectDir, Map<String, String> env, HostProbes probes) {
    this.projectDir = projectDir.toAbsolutePath().normalize();
    this.env = Map.copyOf(env);
    this.probes = probes;
  }

  /**
   * {@code running}: the stack is up already (a redeploy), so its own ports being in use is expected. Throws
   * {@link IllegalArgumentException} when the hosting section is malformed.
   */
  public HostReport check(Thresholds t, boolean running) {
    Hosting hosting = HostingReader.read(projectDir);
    List<Check> out = new ArrayList<>();
    HostProbes.DockerStatus docker = probes.docker().ping(env);
    out.add(disk(CheckKind.DISK_PROJECT.id, projectDir, t));
    // Only a local daemon's data root is on this host's disks; a tcp:// daemon's is somewhere else.
    if (docker.reachable() && docker.rootDir() != null && docker.endpoint().startsWith("unix://")) {
      out.add(disk(CheckKind.DISK_DOCKER.id, Path.of(docker.rootDir()), t));
    }
    out.add(memory(t));
    ComposeFacts facts = composeFacts(hosting, out);
    out.addAll(ports(hosting, facts, running));
    ServiceChecks services = new ServiceChecks(projectDir, env, probes);
    out.add(services.docker(docker, hosting));
    out.add(services.compose(hosting));
    out.add(services.caddy(hosting));
    out.addAll(services.systemd(hosting));
    return new HostReport(out, t);
  }

  Check disk(String name, Path path, Thresholds t) {
    HostProbes.Space s;
    try {
      s = probes.disk().space(path);
    } catch (IOException e) {
      return Check.fail(name, "cannot read the free space of " + path + ": " + e.getMessage(),
          "check that " + path + " exists and is readable");
    }
    long freeMb = s.usableBytes() / MB;
    long percent = s.totalBytes() == 0 ? 0 : s.usableBytes() * 100 / s.totalBytes();
    String detail = freeMb + " MB free (" + percent + "%) on " + s.mount() + " (" + path + "); need "
        + t.minFreeDiskMb() + " MB and " + t.minFreeDiskPercent() + "%";
    if (freeMb >= t.minFreeDiskMb() && percent >= t.minFreeDiskPercent()) return Check.ok(name, detail);
    return Check.fail(name, detail, "free space on " + s.mount() + ": `docker image prune` removes dangling images "
        + "(keep the previous release's tag: rollback needs it), `docker builder prune` the build cache, "
        + "`journalctl --vacuum-size=200M` old logs; or grow the disk; or lower the threshold (--min-disk-mb, "
        + "--min-disk-percent) if this host is meant to run this close");
  }

  Check memory(Thresholds t) {
    HostProbes.MemoryInfo m;
    try {
      m = probes.memory().read();
    } catch (IOException e) {
      return Check.warn(CheckKind.MEMORY.id, "cannot read available memory: " + e.getMessage(),
          "check /proc/meminfo; on a host without it, compare `free -m` with " + t.minAvailableMemoryMb() + " MB");
    }
    long availableMb = m.availableBytes() / MB;
    String detail = availableMb + " MB available of " + m.totalBytes() / MB + " MB; need " + t.minAvailableMemoryMb()
        + " MB";
    if (availableMb >= t.minAvailableMemoryMb()) return Check.ok(CheckKind.MEMORY.id, detail);
    return Check.fail(CheckKind.MEMORY.id, detail, "free memory before deploying: a rollout runs the old and the new container "
        + "side by side; stop what is not needed (`docker ps`, `systemctl list-units --type=service`), add swap or "
        + "memory, or lower --min-memory-mb");
  }

  private ComposeFacts composeFacts(Hosting hosting, List<Check> out) {
    if (hosting.composeFile() == null || !Files.isRegularFile(projectDir.resolve(hosting.composeFile()))) return null;
    try {
      return ComposeFacts.load(ComposeRequest.ofFiles(List.of(Path.of(hosting.composeFile())))
          .withBaseDir(projectDir).withEnvironment(Map.of()));
    } catch (ComposeInputException e) {
      out.add(Check.fail("ports", "cannot read the compose file: " + e.getMessage(), "fix the file, then check again"));
      return null;
    }
  }

  /** One check per host port: from the compose file (published, not host-network) and the hosting services. */
  List<Check> ports(Hosting hosting, ComposeFacts facts, boolean running) {
    record Want(String ip, int port, String protocol, String owner) {}
    Set<Want> wanted = new LinkedHashSet<>();
    List<Check> out = new ArrayList<>();
    if (facts != null) {
      for (ComposeFacts.PublishedPort p : facts.ports()) {
        int last = Math.min(p.hostEnd(), p.hostStart() + MAX_PORTS_PER_RANGE - 1);
        for (int port = p.hostStart(); port <= last; port++) {
          wanted.add(new Want(p.hostIp(), port, p.protocol(), "service '" + p.service() + "' in "
              + hosting.composeFile()));
        }
        if (last < p.hostEnd()) {
          out.add(Check.warn("ports", "service '" + p.service() + "' publishes " + p.describe() + ": only the first "
              + MAX_PORTS_PER_RANGE + " were probed", "narrow the range if it need not be that wide"));
        }
      }
    }
    for (Hosting.Service s : hosting.services()) {
      if (s.port() != null) wanted.add(new Want("", s.port(), "tcp", "hosting.services." + s.name() + ".port"));
    }
    if (wanted.isEmpty()) {
      out.add(Check.skip("ports", "no published port in a compose file and no hosting.services.*.port",
          "nothing to do unless the service listens on a port; then add it to the compose file or the config"));
    }
    for (Want w : wanted) {
      String where = (w.ip().isEmpty() ? "" : w.ip() + ":") + w.port() + "/" + w.protocol();
      String name = CheckKind.PORT.id + " " + where;
      if (probes.ports().free(w.ip(), w.port(), w.protocol())) {
        out.add(Check.ok(name, "free (" + w.owner() + ")"));
      } else if (running) {
        out.add(Check.ok(name, "in use, as expected with --running (" + w.owner() + "; the stack is up)"));
      } else {
        out.add(Check.fail(name, "in use: " + w.owner() + " cannot bind it", "see who holds it with `ss -lntup "
            + "'sport = :" + w.port() + "'`; stop that process or change the host port in " + w.owner().replaceAll(
            ".* in ", "") + "; if it is this project's own stack, already running, check again with --running"));
      }
    }
    return out;
  }
}
