package dev.deploypipeline.compose.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.targets.Ports;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who listens on a port, read from /proc with real sockets: no Docker needed. */
class PortOwnersTest {
  @Test
  void aListeningSocketIsFoundWithItsProcessAndNoContainer() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<PortOwners.Holder> holders = PortOwners.holders(s.getLocalPort(), List.of("0123abcd"));
      assertThat(holders).containsExactly(new PortOwners.Holder(ProcessHandle.current().pid(), "java",
          Optional.empty()));
    }
  }

  @Test
  void aFreePortHasNoHolder() {
    assertThat(PortOwners.holders(Ports.free(), List.of())).isEmpty();
  }

  @Test
  void imageTagsAreReadAfterTheLastColonOfTheLastPathPart() {
    assertThat(container("myapp-web:3f2a9c41e0d2").tag()).isEqualTo("3f2a9c41e0d2");
    assertThat(container("registry.example.com:5000/team/web:v2").tag()).isEqualTo("v2");
    assertThat(container("registry.example.com:5000/team/web").tag()).isEqualTo("latest");
  }

  private static ComposeProject.Container container(String image) {
    return new ComposeProject.Container("id", "name", image, "running", null, 0, "", 0);
  }
}
