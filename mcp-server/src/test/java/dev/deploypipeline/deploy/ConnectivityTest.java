package dev.deploypipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.deploypipeline.config.RouterSpec;
import dev.deploypipeline.harness.FakeHarnessServer;
import dev.deploypipeline.harness.HarnessConfig;
import dev.deploypipeline.hostcheck.HostProbes;
import dev.deploypipeline.router.CaddyProcess;
import dev.deploypipeline.router.HaproxyProcess;
import dev.deploypipeline.router.PrivateProxy;
import dev.deploypipeline.router.Upstream;
import dev.deploypipeline.targets.Ports;
import dev.deploypipeline.testutil.Dockerd;
import dev.deploypipeline.testutil.RequiredTool;
import dev.deploypipeline.workflow.Sleeper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connectivity per environment against the real things: a loopback HTTP server for the url, a real caddy's admin
 * API and a real haproxy's runtime API for routers, the private dockerd for a Compose target, and the Harness
 * emulator's project resource. Each check is also seen failing when its peer is gone.
 */
class ConnectivityTest {
  @TempDir Path dir;
  final Clock clock = Clock.systemUTC();

  Connectivity connectivity(Map<String, String> env) {
    return new Connectivity(env, HostProbes.real(), clock);
  }

  @Test
  void theUrlAnswersOrIsReportedAsAdvisory() throws Exception {
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/", ex -> {
      int status = ex.getRequestURI().getPath().equals("/broken") ? 503 : 204;
      ex.sendResponseHeaders(status, -1);
      ex.close();
    });
    http.start();
    String base = "http://127.0.0.1:" + http.getAddress().getPort();
    try {
      Preflight.Check up = connectivity(Map.of()).url(base + "/");
      assertThat(up.ok()).as(up.detail()).isTrue();
      assertThat(up.detail()).isEqualTo(base + "/ answers HTTP 204");
      assertThat(up.blocking()).isFalse();
      Preflight.Check broken = connectivity(Map.of()).url(base + "/broken");
      assertThat(broken.ok()).isFalse();
      assertThat(broken.detail()).contains("HTTP 503");
    } finally {
      http.stop(0);
    }
    Preflight.Check down = connectivity(Map.of()).url(base + "/");
    assertThat(down.ok()).isFalse();
    assertThat(down.blocking()).isFalse();
    assertThat(down.detail()).contains(base + "/ does not answer (ConnectException");
    assertThat(connectivity(Map.of()).url(null).detail()).isEqualTo("no url configured");
  }

  @Test
  void aRealCaddysAdminApiAnswersAndAStoppedOneIsBlocking() throws Exception {
    Path caddy = RequiredTool.require("caddy", "caddy");
    List<Integer> ports = Ports.free(3);
    String admin = "127.0.0.1:" + ports.get(1);
    PrivateProxy<?> proxy = CaddyProcess.start(caddy, dir.resolve("caddy"), ports.get(0), ports.get(1), "app",
        List.of(new Upstream("127.0.0.1:" + ports.get(2), 1)), Sleeper.REAL);
    try {
      Preflight.Check c = connectivity(Map.of()).router(new RouterSpec("caddy", null, admin));
      assertThat(c.ok()).as(c.detail()).isTrue();
      assertThat(c.detail()).isEqualTo("caddy admin API at " + admin + " answers");
    } finally {
      proxy.stop();
    }
    Preflight.Check down = connectivity(Map.of()).router(new RouterSpec("caddy", null, admin));
    assertThat(down.ok()).isFalse();
    assertThat(down.blocking()).isTrue();
    assertThat(down.detail()).contains("is not reachable (is caddy running?)").contains("remove router.admin");
  }

  @Test
  void aRealHaproxysRuntimeApiAnswersWithItsVersion() throws Exception {
    Path haproxy = RequiredTool.require("haproxy", "haproxy");
    List<Integer> ports = Ports.free(3);
    String admin = "127.0.0.1:" + ports.get(1);
    PrivateProxy<?> proxy = HaproxyProcess.start(haproxy, dir.resolve("haproxy"), ports.get(0), ports.get(1), "app",
        List.of(new Upstream("127.0.0.1:" + ports.get(2), 1)), Sleeper.REAL);
    try {
      Preflight.Check c = connectivity(Map.of()).router(new RouterSpec("haproxy", null, admin));
      assertThat(c.ok()).as(c.detail()).isTrue();
      assertThat(c.detail()).startsWith("haproxy runtime API at " + admin + " answers (Version: 2.");
    } finally {
      proxy.stop();
    }
    Preflight.Check down = connectivity(Map.of()).router(new RouterSpec("haproxy", null, admin));
    assertThat(down.ok()).isFalse();
    assertThat(down.detail()).contains("haproxy stats socket " + admin + " is not reachable");
  }

  @Test
  void aPrivateRouterNeedsItsBinaryOnPath() {
    Preflight.Check c = connectivity(Map.of()).router(new RouterSpec("caddy", null, null));
    assertThat(c.ok()).isEqualTo(RequiredTool.find("caddy").isPresent());
    assertThat(c.detail()).contains(c.ok() ? "a private caddy is started by each deploy" : "is not on PATH");
  }

  @Test
  void theDockerDaemonOfAComposeTargetAnswersAndAWrongSocketDoesNot() {
    Map<String, String> docker = Dockerd.require();
    Preflight.Check up = connectivity(Map.of("DOCKER_HOST", docker.get("DOCKER_HOST"))).docker();
    assertThat(up.ok()).as(up.detail()).isTrue();
    assertThat(up.detail()).startsWith("Docker daemon at " + docker.get("DOCKER_HOST") + " answers (version 20.");
    String missing = "unix://" + dir.resolve("nothing.sock");
    Preflight.Check down = connectivity(Map.of("DOCKER_HOST", missing)).docker();
    assertThat(down.ok()).isFalse();
    assertThat(down.blocking()).isTrue();
    assertThat(down.detail()).contains("Docker daemon at " + missing + " is not reachable: no socket at")
        .contains("set DOCKER_HOST");
  }

  @Test
  void theHarnessProjectAnswersThroughNgManagerAndAnUnknownOneDoesNot() throws Exception {
    try (FakeHarnessServer harness = new FakeHarnessServer(clock)) {
      harness.project("default", "payments", "Payments");
      Map<String, String> env = Map.of("HARNESS_API_KEY", FakeHarnessServer.KEY);
      Preflight.Check ok = connectivity(env).harness(HarnessConfig.of("default", "payments", harness.baseUrl()));
      assertThat(ok.ok()).as(ok.detail()).isTrue();
      assertThat(ok.detail()).isEqualTo("Harness project 'payments' (org 'default') at " + harness.baseUrl()
          + " answers (Payments)");
      FakeHarnessServer.Received r = harness.received("GET", "/ng/api/projects/").get(0);
      assertThat(r.path()).isEqualTo("/ng/api/projects/payments");
      assertThat(r.query()).containsEntry("accountIdentifier", FakeHarnessServer.ACCOUNT)
          .containsEntry("orgIdentifier", "default");

      Preflight.Check unknown = connectivity(env).harness(HarnessConfig.of("default", "nope", harness.baseUrl()));
      assertThat(unknown.ok()).isFalse();
      assertThat(unknown.blocking()).isTrue();
      assertThat(unknown.detail()).contains("Project with orgIdentifier [default] and identifier [nope] not found");
      Preflight.Check badKey = connectivity(Map.of("HARNESS_API_KEY", "pat." + FakeHarnessServer.ACCOUNT + ".x.y"))
          .harness(HarnessConfig.of("default", "payments", harness.baseUrl()));
      assertThat(badKey.ok()).isFalse();
      assertThat(badKey.detail()).doesNotContain("pat." + FakeHarnessServer.ACCOUNT + ".x.y");
      Preflight.Check noKey = connectivity(Map.of()).harness(HarnessConfig.of("default", "payments",
          harness.baseUrl()));
      assertThat(noKey.detail()).contains("HARNESS_API_KEY is not set");
    }
  }
}
