package dev.deploypipeline.hostcheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.router.CaddyProcess;
import dev.deploypipeline.router.PrivateProxy;
import dev.deploypipeline.router.Upstream;
import dev.deploypipeline.targets.Ports;
import dev.deploypipeline.testutil.Dockerd;
import dev.deploypipeline.testutil.RequiredTool;
import dev.deploypipeline.workflow.Sleeper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real probes against the real things: a private dockerd, docker-compose, and a running Caddy. */
class RealHostTest {
  @TempDir Path dir;

  private Check find(HostReport r, String name) {
    return r.checks().stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no check " + name + " in " + r.checks()));
  }

  @Test
  void aRealDaemonAndDockerComposeAcceptTheStack() throws Exception {
    Map<String, String> docker = Dockerd.require();
    RequiredTool.require("docker-compose", "docker-compose");
    int port = Ports.free(1).get(0);
    Files.writeString(dir.resolve("docker-compose.yml"), "services:\n  web:\n    image: " + docker.get("DP_TEST_IMAGE")
        + "\n    network_mode: host\n    command: [\"httpd\", \"-f\", \"-p\", \"127.0.0.1:" + port + "\"]\n"
        + "volumes:\n  data: {}\n");
    Files.createDirectories(dir.resolve(".claude"));
    Files.writeString(dir.resolve(".claude/deployment-config.json"), "{\"service\":\"demo\",\"hosting\":{"
        + "\"services\":{\"web\":{\"port\":" + port + ",\"healthPath\":\"/\"}}}}");
    HostReport r = new HostChecker(dir, docker, HostProbes.real()).check(Thresholds.of(1L, 1, 1L), false);

    Check d = find(r, "docker");
    assertThat(d.status()).as(d.toString()).isEqualTo(Check.Status.OK);
    assertThat(d.detail()).matches("daemon 20\\.10\\.\\S+ answers at " + docker.get("DOCKER_HOST").replace(".", "\\."));
    Check root = find(r, "disk-docker");
    assertThat(root.status()).isEqualTo(Check.Status.OK);
    assertThat(root.detail()).contains("dockerd-run/data");
    Check compose = find(r, "compose-config");
    assertThat(compose.status()).as(compose.toString()).isEqualTo(Check.Status.OK);
    assertThat(compose.detail()).contains("docker-compose config and compose_validate accept docker-compose.yml");
    assertThat(find(r, "port " + port + "/tcp").status()).isEqualTo(Check.Status.OK);
    assertThat(find(r, "memory").status()).isEqualTo(Check.Status.OK);

    // What Compose itself refuses and our validator lets through: a CPU limit that is not a number.
    Files.writeString(dir.resolve("docker-compose.yml"), "services:\n  web:\n    image: x:1\n    deploy:\n"
        + "      resources:\n        limits:\n          cpus: \"abc\"\n");
    Check refused = find(new HostChecker(dir, docker, HostProbes.real()).check(Thresholds.of(1L, 1, 1L), false),
        "compose-config");
    assertThat(refused.status()).isEqualTo(Check.Status.FAIL);
    assertThat(refused.detail()).contains("docker-compose config refused docker-compose.yml", "is not a valid float");
  }

  @Test
  void aRunningCaddyAnswersOnItsAdminApi() throws Exception {
    Path caddy = RequiredTool.require("caddy", "caddy");
    List<Integer> ports = Ports.free(3);
    PrivateProxy<?> proxy = CaddyProcess.start(caddy, dir.resolve("caddy"), ports.get(0), ports.get(1), "hc",
        List.of(new Upstream("127.0.0.1:" + ports.get(2), 1)), Sleeper.REAL);
    try {
      Files.createDirectories(dir.resolve(".claude"));
      Files.writeString(dir.resolve(".claude/deployment-config.json"), "{\"hosting\":{\"caddy\":{\"admin\":"
          + "\"127.0.0.1:" + ports.get(1) + "\"}}}");
      Check c = find(new HostChecker(dir, Map.of(), HostProbes.real()).check(Thresholds.of(1L, 1, 1L), false),
          "caddy-admin");
      assertThat(c.status()).as(c.toString()).isEqualTo(Check.Status.OK);
      assertThat(c.detail()).startsWith("admin API answers at 127.0.0.1:" + ports.get(1));
    } finally {
      proxy.stop();
    }
    Check down = find(new HostChecker(dir, Map.of(), HostProbes.real()).check(Thresholds.of(1L, 1, 1L), false),
        "caddy-admin");
    assertThat(down.status()).isEqualTo(Check.Status.FAIL);
  }
}
