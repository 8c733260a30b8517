package dev.deploypipeline.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Argo's algebra: per measurement, per metric with limits, worst metric wins. */
class VerdictAlgebraTest {
  static Stream<Arguments> metrics() {
    Verdict S = Verdict.SUCCESSFUL;
    Verdict I = Verdict.INCONCLUSIVE;
    Verdict E = Verdict.ERROR;
    Verdict F = Verdict.FAILED;
    return Stream.of(
        Arguments.of(List.of(S, S, S), S),
        Arguments.of(List.of(S, F, S), F),
        Arguments.of(List.of(S, I, S), I),
        Arguments.of(List.of(I, F), F),
        Arguments.of(List.of(E), E),
        Arguments.of(List.of(S, E, S), S),
        Arguments.of(List.of(E, E, E, E, E), E),
        Arguments.of(List.of(S, E, E, E, E), S),
        Arguments.of(List.of(S, E, E, E, E, E), E),
        Arguments.of(List.of(E, I), I));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("metrics")
  void aMetricsVerdictFollowsItsLimits(List<Verdict> measurements, Verdict expected) {
    MetricTally t = new MetricTally("m");
    measurements.forEach(v -> t.add(v, Map.of(), v.id()));
    assertThat(t.verdict()).isEqualTo(expected);
  }

  @Test
  void theWorstWinsAndOnlySuccessfulIsAPass() {
    assertThat(Verdict.worst(List.of(Verdict.SUCCESSFUL, Verdict.INCONCLUSIVE))).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(Verdict.worst(List.of(Verdict.CANCELLED, Verdict.INCONCLUSIVE))).isEqualTo(Verdict.CANCELLED);
    assertThat(Verdict.worst(List.of(Verdict.ERROR, Verdict.FAILED, Verdict.SUCCESSFUL))).isEqualTo(Verdict.FAILED);
    assertThat(Verdict.CANCELLED.aborts()).isTrue();
    assertThat(Verdict.INCONCLUSIVE.aborts()).isFalse();
    assertThat(Verdict.ERROR.aborts()).isTrue();
  }
}
