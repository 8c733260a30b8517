package dev.deploypipeline.hostcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks' rules with injected probes (a disk of any size, memory of any amount, systemd or not, a daemon that
 * is not there), and the port check against real sockets on loopback.
 */
class HostCheckerTest {
  private static final long MB = 1024L * 1024;
  @TempDir Path dir;

  private HostReport run(HostProbes probes, Thresholds t, boolean running) {
    return new HostChecker(dir, Map.of(), probes).check(t, running);
  }

  private static Check find(HostReport r, String name) {
    return r.checks().stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no check " + name + " in " + r.checks()));
  }

  @Test
  void diskBelowEitherThresholdFailsWithTheFix() {
    HostProbes small = FakeProbes.quiet().withDisk(p -> new HostProbes.Space("/srv", 10_000 * MB, 1_500 * MB));
    Check c = find(run(small, Thresholds.DEFAULTS, false), "disk-project");
    assertThat(c.status()).isEqualTo(Check.Status.FAIL);
    assertThat(c.detail()).contains("1500 MB free (15%) on /srv", "need 2048 MB and 10%");
    assertThat(c.fix()).contains("docker image prune", "keep the previous release's tag", "--min-disk-mb");
    // The same disk passes once the floor is lowered; then the share decides.
    assertThat(find(run(small, Thresholds.of(1500L, 15, null), false), "disk-project").status())
        .isEqualTo(Check.Status.OK);
    assertThat(find(run(small, Thresholds.of(1500L, 16, null), false), "disk-project").status())
        .isEqualTo(Check.Status.FAIL);
  }

  @Test
  void anUnreadableDiskIsAFailureNotACrash() {
    HostProbes broken = FakeProbes.quiet().withDisk(p -> {
      throw new IOException("permission denied");
    });
    Check c = find(run(broken, Thresholds.DEFAULTS, false), "disk-project");
    assertThat(c.status()).isEqualTo(Check.Status.FAIL);
    assertThat(c.detail()).contains("permission denied");
  }

  @Test
  void memoryThreshold() {
    HostProbes tight = FakeProbes.quiet().withMemory(() -> new HostProbes.MemoryInfo(1024 * MB, 200 * MB));
    Check c = find(run(tight, Thresholds.DEFAULTS, false), "memory");
    assertThat(c.status()).isEqualTo(Check.Status.FAIL);
    assertThat(c.detail()).isEqualTo("200 MB available of 1024 MB; need 256 MB");
    assertThat(c.fix()).contains("old and the new container", "--min-memory-mb");
    assertThat(find(run(tight, Thresholds.of(null, null, 200L), false), "memory").status())
        .isEqualTo(Check.Status.OK);
  }

  @Test
  void badThresholdsAndHostingAreNamed() {
    assertThatThrownBy(() -> Thresholds.of(-1L, null, null)).hasMessage("minFreeDiskMb: must be 0 or more, was -1");
    assertThatThrownBy(() -> Thresholds.of(null, 100, null))
        .hasMessage("minFreeDiskPercent: must be from 0 to 99, was 100");
    write(".claude/deployment-config.json", "{\"service\":\"demo\",\"hosting\":{\"services\":{\"web\":{\"port\":"
        + "\"eighty\"}}}}");
    assertThatThrownBy(() -> run(FakeProbes.quiet(), Thresholds.DEFAULTS, false))
        .hasMessage("hosting.services.web.port: must be a port number from 1 to 65535, was \"eighty\"");
  }

  @Test
  void aPortTakenOnLoopbackFailsAndSaysWhoToAsk() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int busy = taken.getLocalPort();
      int free = probe.getLocalPort();
      probe.close();
      write("docker-compose.yml", "services:\n  web:\n    image: demo-web:1\n    ports:\n      - \"127.0.0.1:" + busy
          + ":80\"\n  api:\n    image: demo-api:1\n    ports:\n      - \"127.0.0.1:" + free + ":80\"\n");
      HostReport r = run(FakeProbes.quiet(), Thresholds.DEFAULTS, false);
      Check b = find(r, "port 127.0.0.1:" + busy + "/tcp");
      assertThat(b.status()).isEqualTo(Check.Status.FAIL);
      assertThat(b.detail()).isEqualTo("in use: service 'web' in docker-compose.yml cannot bind it");
      assertThat(b.fix()).contains("ss -lntup 'sport = :" + busy + "'", "change the host port in docker-compose.yml",
          "--running");
      assertThat(find(r, "port 127.0.0.1:" + free + "/tcp").status()).isEqualTo(Check.Status.OK);
      assertThat(r.ready()).isFalse();
      // A redeploy: the stack holds its own ports.
      assertThat(find(run(FakeProbes.quiet(), Thresholds.DEFAULTS, true), "port 127.0.0.1:" + busy + "/tcp").status())
          .isEqualTo(Check.Status.OK);
    }
  }

  @Test
  void aWildcardBindConflictsWithALoopbackListener() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      assertThat(RealProbes.portFree("", taken.getLocalPort(), "tcp")).isFalse();
      assertThat(RealProbes.portFree("127.0.0.1", taken.getLocalPort(), "tcp")).isFalse();
    }
  }

  @Test
  void hostingServicePortsAreCheckedToo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      write(".claude/deployment-config.json", "{\"service\":\"demo\",\"hosting\":{\"services\":{\"api\":{\"native\":"
          + "{\"exec\":\"/bin/true\"},\"port\":" + taken.getLocalPort() + "}}}}");
      Check c = find(run(FakeProbes.quiet(), Thresholds.DEFAULTS, false), "port " + taken.getLocalPort() + "/tcp");
      assertThat(c.status()).isEqualTo(Check.Status.FAIL);
      assertThat(c.detail()).contains("hosting.services.api.port");
    }
  }

  @Test
  void withoutSystemdAsPid1TheUnitsAreSkippedHonestly() {
    write(".claude/deployment-config.json", "{\"service\":\"demo\",\"hosting\":{\"project\":\"shop\",\"services\":"
        + "{\"api\":{\"native\":{\"exec\":\"/bin/true\"}}}}}");
    Check c = find(run(FakeProbes.quiet(), Thresholds.DEFAULTS, false), "systemd");
    assertThat(c.status()).isEqualTo(Check.Status.SKIP);
    assertThat(c.detail()).isEqualTo("PID 1 is 'tini', not systemd (a container or a minimal init): the state of "
        + "shop-api.service cannot be checked on this host");
    assertThat(c.fix()).isEqualTo("on the server itself, `systemctl status shop-api.service`");
  }

  @Test
  void underSystemdEachUnitsStateCounts() {
    write(".claude/deployment-config.json", "{\"service\":\"demo\",\"hosting\":{\"project\":\"shop\",\"services\":"
        + "{\"api\":{\"native\":{}},\"jobs\":{\"native\":{}},\"cron\":{\"native\":{}}}}}");
    HostProbes probes = FakeProbes.quiet().withSystemd(FakeProbes.systemd("systemd", Map.of("shop-api.service", "active",
        "shop-jobs.service", "failed", "shop-cron.service", "inactive")));
    HostReport r = run(probes, Thresholds.DEFAULTS, false);
    assertThat(find(r, "systemd shop-api.service").status()).isEqualTo(Check.Status.OK);
    Check failed = find(r, "systemd shop-jobs.service");
    assertThat(failed.status()).isEqualTo(Check.Status.FAIL);
    assertThat(failed.fix()).contains("journalctl -u shop-jobs.service");
    assertThat(find(r, "systemd shop-cron.service").status()).isEqualTo(Check.Status.WARN);
  }

  @Test
  void theRealPid1IsReadFromProc() throws Exception {
    String comm = Files.readString(Path.of("/proc/1/comm")).strip();
    assertThat(new RealProbes.SystemdOnHost().pid1()).isEqualTo(comm);
  }

  @Test
  void noDaemonFailsOnlyWhereContainersRun() {
    assertThat(find(run(FakeProbes.quiet(), Thresholds.DEFAULTS, false), "docker").status()).isEqualTo(Check.Status.SKIP);
    write("docker-compose.yml", "services:\n  web:\n    image: demo-web:1\n");
    Check c = find(run(FakeProbes.quiet(), Thresholds.DEFAULTS, false), "docker");
    assertThat(c.status()).isEqualTo(Check.Status.FAIL);
    assertThat(c.detail()).isEqualTo("no daemon answers at unix:///nowhere: no socket at /nowhere");
    assertThat(c.fix()).contains("systemctl start docker", "DOCKER_HOST");
  }

  @Test
  void theRealDockerProbeNamesAMissingSocket() {
    HostProbes.DockerStatus s = new DockerPing().ping(Map.of("DOCKER_HOST", "unix://" + dir.resolve("no.sock")));
    assertThat(s.reachable()).isFalse();
    assertThat(s.error()).isEqualTo("no socket at " + dir.resolve("no.sock"));
    assertThat(new DockerPing().ping(Map.of("DOCKER_HOST", "ssh://me@host")).error()).contains("ssh:// is not probed");
  }

  @Test
  void aDaemonThatAcceptsButNeverAnswersIsNotReachable() throws Exception {
    Path sock = dir.resolve("hung.sock");
    try (java.nio.channels.ServerSocketChannel server = java.nio.channels.ServerSocketChannel.open(
        java.net.StandardProtocolFamily.UNIX)) {
      server.bind(java.net.UnixDomainSocketAddress.of(sock));
      HostProbes.DockerStatus s = new DockerPing(java.time.Duration.ofMillis(300))
          .ping(Map.of("DOCKER_HOST", "unix://" + sock));
      assertThat(s.reachable()).isFalse();
      assertThat(s.error()).isEqualTo("no answer to /_ping within 300 ms");
    }
  }

  @Test
  void composeFileErrorsFromOurValidatorAndFromDockerCompose() {
    write("docker-compose.yml", "services:\n  web:\n    image: demo-web:1\n    restrat: always\n");
    Check ours = find(run(FakeProbes.quiet(), Thresholds.DEFAULTS, false), "compose-config");
    assertThat(ours.status()).isEqualTo(Check.Status.FAIL);
    assertThat(ours.detail()).contains("unknown-key", "did you mean 'restart'?");
    assertThat(ours.fix()).contains("deployment-pipeline compose validate docker-compose.yml");

    write("docker-compose.yml", "services:\n  web:\n    image: demo-web:1\n");
    assertThat(find(run(FakeProbes.quiet(), Thresholds.DEFAULTS, false), "compose-config").status())
        .as("no docker-compose installed: a warning").isEqualTo(Check.Status.WARN);
    AtomicReference<List<String>> ran = new AtomicReference<>();
    HostProbes refusing = new HostProbes(FakeProbes.quiet().disk(), FakeProbes.quiet().memory(), FakeProbes.quiet().ports(), FakeProbes.quiet().docker(),
        FakeProbes.quiet().systemd(), new HostProbes.Tools() {
          @Override
          public Optional<Path> find(String program) {
            return Optional.of(Path.of("/usr/bin/" + program));
          }

          @Override
          public HostProbes.Result run(List<String> command, Path d, Map<String, String> env) {
            ran.set(command);
            return new HostProbes.Result(1, "ERROR: The Compose file is invalid because: nope\n");
          }
        }, FakeProbes.quiet().caddy());
    Check theirs = find(run(refusing, Thresholds.DEFAULTS, false), "compose-config");
    assertThat(theirs.status()).isEqualTo(Check.Status.FAIL);
    assertThat(theirs.detail()).endsWith("config refused docker-compose.yml: ERROR: The Compose file is invalid "
        + "because: nope");
    assertThat(ran.get()).containsExactly("/usr/bin/docker-compose", "-f", dir.resolve("docker-compose.yml")
        .toString(), "config", "-q");
  }

  @Test
  void caddyAdminMustAnswerAndStayOnLoopback() {
    write("Caddyfile", "example.test {\n  respond \"hi\"\n}\n");
    Check down = find(run(FakeProbes.quiet(), Thresholds.DEFAULTS, false), "caddy-admin");
    assertThat(down.status()).isEqualTo(Check.Status.FAIL);
    assertThat(down.detail()).contains("127.0.0.1:2019", "is caddy running?");
    assertThat(down.fix()).contains("caddy run --config Caddyfile --adapter caddyfile");
    write(".claude/deployment-config.json", "{\"hosting\":{\"caddy\":{\"admin\":\"0.0.0.0:2019\"}}}");
    Check open = find(run(FakeProbes.quiet(), Thresholds.DEFAULTS, false), "caddy-admin");
    assertThat(open.status()).isEqualTo(Check.Status.FAIL);
    assertThat(open.detail()).contains("not on loopback");
  }

  @Test
  void anEmptyProjectSkipsWhatItDoesNotHave() {
    HostReport r = run(FakeProbes.quiet(), Thresholds.DEFAULTS, false);
    assertThat(r.ready()).isTrue();
    assertThat(r.checks()).extracting(Check::name).containsExactly("disk-project", "memory", "ports", "docker",
        "compose-config", "caddy-admin", "systemd");
    assertThat(r.summary()).isEqualTo("ready: 2 ok, 0 warning(s), 0 failed, 5 skipped");
  }

  private void write(String name, String text) {
    try {
      Files.createDirectories(dir.resolve(name).getParent());
      Files.writeString(dir.resolve(name), text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
