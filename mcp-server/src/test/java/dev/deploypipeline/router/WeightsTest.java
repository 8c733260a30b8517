package dev.deploypipeline.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightsTest {
  private static final String A = "127.0.0.1:1001";
  private static final String B = "127.0.0.1:1002";

  @Test
  void reducesByTheGcdAndDropsZeroWeights() {
    assertThat(Weights.reduce(List.of(new Upstream(A, 90), new Upstream(B, 10)), 100))
        .containsExactly(new Upstream(A, 9), new Upstream(B, 1));
    assertThat(Weights.reduce(List.of(new Upstream(A, 0), new Upstream(B, 100)), 100))
        .containsExactly(new Upstream(B, 1));
    assertThat(Weights.reduce(List.of(new Upstream(A, 67), new Upstream(B, 33)), 100))
        .containsExactly(new Upstream(A, 67), new Upstream(B, 33));
  }

  @Test
  void scalesDownPastTheCapButNeverToZero() {
    assertThat(Weights.reduce(List.of(new Upstream(A, 999), new Upstream(B, 1)), 100))
        .containsExactly(new Upstream(A, 100), new Upstream(B, 1));
    assertThat(Weights.reduce(List.of(new Upstream(A, 300), new Upstream(B, 100)), 100))
        .containsExactly(new Upstream(A, 3), new Upstream(B, 1));
  }

  @Test
  void expandsInterleavedAndFoldsBack() {
    List<String> e = Weights.expand(List.of(new Upstream(A, 3), new Upstream(B, 1)));
    assertThat(e).hasSize(4);
    assertThat(Collections.frequency(e, B)).isEqualTo(1);
    List<String> even = Weights.expand(List.of(new Upstream(A, 1), new Upstream(B, 1)));
    assertThat(even).containsExactly(A, B);
    assertThat(Weights.fold(e)).containsExactly(new Upstream(A, 3), new Upstream(B, 1));
  }

  @Test
  void badSplitsNameTheField() {
    assertThatThrownBy(() -> Weights.validate(List.of())).hasMessageContaining("upstreams: empty");
    assertThatThrownBy(() -> Weights.validate(List.of(new Upstream("10.0.0.1:80", 1))))
        .hasMessageContaining("upstreams[0].address").hasMessageContaining("loopback");
    assertThatThrownBy(() -> Weights.validate(List.of(new Upstream(A, 1), new Upstream(A, 2))))
        .hasMessageContaining("upstreams[1].address").hasMessageContaining("twice");
    assertThatThrownBy(() -> Weights.validate(List.of(new Upstream(A, -1)))).hasMessageContaining("negative");
    assertThatThrownBy(() -> Weights.validate(List.of(new Upstream(A, 0)))).hasMessageContaining("every weight is 0");
  }
}
