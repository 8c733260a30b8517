package dev.deploypipeline.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.deploypipeline.targets.Instance;
import dev.deploypipeline.targets.Ports;
import dev.deploypipeline.testutil.ExampleServices;
import dev.deploypipeline.testutil.RequiredTool;
import dev.deploypipeline.workflow.Sleeper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A real Caddy in front of real example services; every port is picked at run time. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaddyRouterTest {
  private Path dir;
  private ExampleServices services;
  private CaddyProcess caddy;
  private Instance v1;
  private Instance v2;
  private Instance bad;
  private int adminPort;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    dir = tmp;
    Path bin = RequiredTool.require("caddy", "caddy");
    services = new ExampleServices(dir.resolve("svc"));
    v1 = services.start("v1", 0);
    v2 = services.start("v2", 0);
    bad = services.start("v3", 0.5);
    List<Integer> ports = Ports.free(2);
    adminPort = ports.get(1);
    caddy = CaddyProcess.start(bin, dir.resolve("caddy"), ports.get(0), adminPort, "pd_test",
        List.of(new Upstream(v1.address(), 1)), Sleeper.REAL);
  }

  @AfterAll
  void stop() throws Exception {
    if (caddy != null) caddy.stop();
    if (services != null) services.close();
  }

  private Map<String, Integer> versions(int requests) throws Exception {
    Map<String, Integer> seen = new java.util.TreeMap<>();
    for (int i = 0; i < requests; i++) {
      ExampleServices.Reply r = ExampleServices.get(caddy.url().resolve("/version"));
      assertThat(r.status()).isEqualTo(200);
      seen.merge(r.version(), 1, Integer::sum);
    }
    return seen;
  }

  @Test
  void switchingMovesEveryNewRequestToTheOtherColourAndBack() throws Exception {
    CaddyRouter router = caddy.router();
    router.route(List.of(new Upstream(v1.address(), 100), new Upstream(v2.address(), 0)));
    assertThat(versions(20)).containsExactly(Map.entry("v1", 20));
    assertThat(router.current()).containsExactly(new Upstream(v1.address(), 1));

    router.route(List.of(new Upstream(v1.address(), 0), new Upstream(v2.address(), 100)));
    assertThat(versions(20)).containsExactly(Map.entry("v2", 20));
    assertThat(router.current()).containsExactly(new Upstream(v2.address(), 1));
  }

  @Test
  void weightsThreeToOneGiveAQuarterAndReadBack() throws Exception {
    CaddyRouter router = caddy.router();
    router.route(List.of(new Upstream(v1.address(), 75), new Upstream(v2.address(), 25)));
    assertThat(router.current()).containsExactly(new Upstream(v1.address(), 3), new Upstream(v2.address(), 1));
    Map<String, Integer> seen = versions(200);
    assertThat(seen.get("v2") / 200.0).isCloseTo(0.25, within(0.05));
    assertThat(seen.get("v1") + seen.get("v2")).isEqualTo(200);
  }

  @Test
  void countersSeeTheFailingUpstreamsErrorsAndAnUnreachableOne() throws Exception {
    CaddyRouter router = caddy.router();
    Map<String, UpstreamCounters> before = router.counters();
    router.route(List.of(new Upstream(v1.address(), 1), new Upstream(bad.address(), 1)));
    for (int i = 0; i < 40; i++) ExampleServices.get(caddy.url().resolve("/"));
    Map<String, UpstreamCounters> after = router.counters();
    assertThat(delta(before, after, v1.address())).isEqualTo(new long[] {20, 0});
    assertThat(delta(before, after, bad.address())).isEqualTo(new long[] {20, 10});
    assertThat(after.get(bad.address()).latencyP95Millis()).isPositive();

    String nobody = "127.0.0.1:" + Ports.free();
    router.route(List.of(new Upstream(nobody, 1)));
    for (int i = 0; i < 3; i++) assertThat(ExampleServices.get(caddy.url().resolve("/")).status()).isEqualTo(502);
    assertThat(router.counters().get(nobody)).extracting(UpstreamCounters::responses, UpstreamCounters::errors5xx)
        .containsExactly(3L, 3L);
  }

  private static long[] delta(Map<String, UpstreamCounters> a, Map<String, UpstreamCounters> b, String addr) {
    UpstreamCounters x = a.getOrDefault(addr, new UpstreamCounters(0, 0, -1));
    UpstreamCounters y = b.get(addr);
    return new long[] {y.responses() - x.responses(), y.errors5xx() - x.errors5xx()};
  }

  @Test
  void theComputedEtagIsTheOneCaddySendsAsATrailerAndAStaleOneIsRefused() throws Exception {
    String raw = rawGet(adminPort, "/config/");
    Matcher m = Pattern.compile("(?m)^Etag: (.*)\\r?$").matcher(raw);
    assertThat(m.find()).as("trailer in %s", raw).isTrue();
    CaddyAdmin admin = new CaddyAdmin(URI.create("http://127.0.0.1:" + adminPort));
    assertThat(CaddyAdmin.etag("/config/", admin.get("/config/"))).isEqualTo(m.group(1).strip());

    CaddyAdmin.Reply stale = admin.send("PATCH", "/id/pd_test/upstreams", "[{\"dial\":\"" + v1.address() + "\"}]",
        "\"/config/ 00000000\"");
    assertThat(stale.status()).isEqualTo(412);
  }

  private static String rawGet(int port, String path) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream out = s.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nTE: trailers\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
