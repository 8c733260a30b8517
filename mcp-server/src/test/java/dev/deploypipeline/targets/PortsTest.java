package dev.deploypipeline.targets;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortsTest {
  @Test
  void picksDistinctPortsThatCanBeBoundOnLoopback() throws Exception {
    List<Integer> ports = Ports.free(5);
    assertThat(ports).doesNotHaveDuplicates().allMatch(p -> p > 0 && p < 65536);
    try (ServerSocket s = new ServerSocket(ports.get(0), 1, InetAddress.getLoopbackAddress())) {
      assertThat(s.getLocalPort()).isEqualTo(ports.get(0));
    }
  }
}
