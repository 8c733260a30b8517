package dev.deploypipeline.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {
  @Test
  void aFreePortOneOfOurInstancesHoldsIsAskedForAgain() {
    Iterator<Integer> os = List.of(5000, 5000, 5001).iterator();
    Ports ports = Ports.outside(os::next);

    assertThat(ports.next(Set.of(5000))).isEqualTo(5001);
  }

  @Test
  void configuredPortsAreTakenInOrderAndRunOutWithAClearError() {
    Ports ports = Ports.of(List.of(8001, 8002));

    assertThat(ports.next(Set.of(8001))).isEqualTo(8002);
    assertThatThrownBy(() -> ports.next(Set.of(8001, 8002))).hasMessageContaining("target.ports")
        .hasMessageContaining("add more");
  }
}
