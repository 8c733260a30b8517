package dev.deploypipeline.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.deploypipeline.targets.Instance;
import dev.deploypipeline.targets.Ports;
import dev.deploypipeline.testutil.ExampleServices;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every router must do, against a real proxy in front of real example services (ports picked at run time):
 * v1 and v2 answer well, v3 fails every other request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RouterContractTest {
  protected Path dir;
  protected ExampleServices services;
  protected Instance v1;
  protected Instance v2;
  protected Instance bad;

  protected PrivateProxy<? extends Router> proxy;

  /** Checks the tool (skip or fail via RequiredTool); with {@code initial}, starts the proxy routed to it. */
  abstract PrivateProxy<? extends Router> startProxy(Path dir, List<Upstream> initial) throws Exception;

  Router router() {
    return proxy.router();
  }

  URI url() {
    return proxy.url();
  }

  /** A new router attached to the running proxy by its address, as after a restart of our server. */
  abstract Router attached();

  /** Whether the proxy gives latency for an upstream (Caddy and a private HAProxy do). */
  boolean hasLatency() {
    return true;
  }

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    dir = tmp;
    startProxy(dir.resolve("proxy-check"), null); // null: only check the tool, before spending time on services
    services = new ExampleServices(dir.resolve("svc"));
    v1 = services.start("v1", 0);
    v2 = services.start("v2", 0);
    bad = services.start("v3", 0.5);
    proxy = startProxy(dir.resolve("proxy"), List.of(new Upstream(v1.address(), 1)));
  }

  @AfterAll
  void stop() throws Exception {
    if (proxy != null) proxy.stop();
    if (services != null) services.close();
  }

  Map<String, Integer> versions(int requests) throws Exception {
    Map<String, Integer> seen = new TreeMap<>();
    for (int i = 0; i < requests; i++) {
      ExampleServices.Reply r = ExampleServices.get(url().resolve("/version"));
      assertThat(r.status()).isEqualTo(200);
      seen.merge(r.version(), 1, Integer::sum);
    }
    return seen;
  }

  @Test
  void switchingMovesEveryNewRequestToTheOtherColourAndBack() throws Exception {
    router().route(List.of(new Upstream(v1.address(), 100), new Upstream(v2.address(), 0)));
    assertThat(versions(20)).containsExactly(Map.entry("v1", 20));
    assertThat(router().current()).containsExactly(new Upstream(v1.address(), 1));

    router().route(List.of(new Upstream(v1.address(), 0), new Upstream(v2.address(), 100)));
    assertThat(versions(20)).containsExactly(Map.entry("v2", 20));
    assertThat(router().current()).containsExactly(new Upstream(v2.address(), 1));

    router().route(List.of(new Upstream(v1.address(), 1)));
    assertThat(versions(10)).containsExactly(Map.entry("v1", 10));
  }

  @Test
  void weightsThreeToOneGiveAQuarterAndReadBack() throws Exception {
    router().route(List.of(new Upstream(v1.address(), 75), new Upstream(v2.address(), 25)));
    assertThat(router().current())
        .containsExactlyInAnyOrder(new Upstream(v1.address(), 3), new Upstream(v2.address(), 1));
    Map<String, Integer> seen = versions(200);
    assertThat(seen.get("v2") / 200.0).isCloseTo(0.25, within(0.05));
    assertThat(seen.get("v1") + seen.get("v2")).isEqualTo(200);
  }

  @Test
  void countersSeeTheFailingUpstreamsErrorsAndAnUnreachableOne() throws Exception {
    Map<String, UpstreamCounters> before = router().counters();
    router().route(List.of(new Upstream(v1.address(), 1), new Upstream(bad.address(), 1)));
    for (int i = 0; i < 40; i++) ExampleServices.get(url().resolve("/"));
    Map<String, UpstreamCounters> after = router().counters();
    assertThat(delta(before, after, v1.address())).containsExactly(20, 0);
    assertThat(delta(before, after, bad.address())).containsExactly(20, 10);
    if (hasLatency()) assertThat(after.get(bad.address()).latencyP95Millis()).isNotNegative();

    String nobody = "127.0.0.1:" + Ports.free();
    router().route(List.of(new Upstream(nobody, 1)));
    Map<String, UpstreamCounters> down = router().counters();
    for (int i = 0; i < 3; i++) assertThat(ExampleServices.get(url().resolve("/")).status()).isBetween(502, 503);
    assertThat(delta(down, router().counters(), nobody)).containsExactly(3, 3);
  }

  @Test
  void aRouterAttachedByAddressReadsAndDrivesTheSameProxy() throws Exception {
    router().route(List.of(new Upstream(v1.address(), 2), new Upstream(v2.address(), 1)));
    Router fresh = attached();
    assertThat(fresh.current())
        .containsExactlyInAnyOrder(new Upstream(v1.address(), 2), new Upstream(v2.address(), 1));
    fresh.route(List.of(new Upstream(v2.address(), 1)));
    assertThat(router().current()).containsExactly(new Upstream(v2.address(), 1));
    assertThat(versions(5)).containsExactly(Map.entry("v2", 5));
  }

  static long[] delta(Map<String, UpstreamCounters> a, Map<String, UpstreamCounters> b, String addr) {
    UpstreamCounters x = a.getOrDefault(addr, new UpstreamCounters(0, 0, -1));
    UpstreamCounters y = b.getOrDefault(addr, new UpstreamCounters(0, 0, -1));
    return new long[] {y.responses() - x.responses(), y.errors5xx() - x.errors5xx()};
  }
}
