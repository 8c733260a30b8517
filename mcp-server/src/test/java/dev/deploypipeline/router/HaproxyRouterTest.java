package dev.deploypipeline.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.targets.Ports;
import dev.deploypipeline.testutil.RequiredTool;
import dev.deploypipeline.workflow.Sleeper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The router contract against a real HAProxy 2.6, plus draining and slot exhaustion. */
class HaproxyRouterTest extends RouterContractTest {
  private int statsPort;

  @Override
  PrivateProxy<? extends Router> startProxy(Path dir, List<Upstream> initial) throws Exception {
    Path bin = RequiredTool.require("haproxy", "haproxy");
    if (initial == null) return null;
    List<Integer> ports = Ports.free(2);
    statsPort = ports.get(1);
    return HaproxyProcess.start(bin, dir, ports.get(0), statsPort, "app", initial, Sleeper.REAL);
  }

  @Override
  Router attached() {
    return HaproxyRouter.attach(statsPort, "app");
  }

  @Test
  void aZeroWeightDrainsTheSlotAndAnUnlistedOneGoesToMaintenance() throws Exception {
    router().route(List.of(new Upstream(v1.address(), 1), new Upstream(v2.address(), 1)));
    router().route(List.of(new Upstream(v1.address(), 0), new Upstream(v2.address(), 1)));
    List<HaproxyRouter.Slot> slots = ((HaproxyRouter) router()).slots();
    assertThat(slots).filteredOn(s -> s.address().equals(v1.address()))
        .singleElement().satisfies(s -> assertThat(s.adminState() & 0x08).isEqualTo(0x08));
    assertThat(versions(10)).containsExactly(Map.entry("v2", 10));

    router().route(List.of(new Upstream(v1.address(), 1)));
    assertThat(((HaproxyRouter) router()).slots()).filteredOn(s -> s.address().equals(v2.address()))
        .singleElement().satisfies(s -> assertThat(s.adminState() & 0x01).isEqualTo(0x01));
  }

  @Test
  void moreUpstreamsThanSlotsIsAClearError() {
    List<Upstream> many = new ArrayList<>();
    for (int p : Ports.free(HaproxyProcess.DEFAULT_SLOTS + 1)) many.add(new Upstream("127.0.0.1:" + p, 1));
    assertThatThrownBy(() -> router().route(many)).hasMessageContaining("no free server slot")
        .hasMessageContaining("server-template");
  }
}
