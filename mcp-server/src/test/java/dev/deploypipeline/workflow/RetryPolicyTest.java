package dev.deploypipeline.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.workflow.Failure.Kind;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void defaultsAreThreeAttemptsOneSecondDoubling() {
    RetryPolicy p = RetryPolicy.DEFAULT;
    assertThat(p.maxAttempts()).isEqualTo(3);
    assertThat(p.delayBefore(1)).isEqualTo(Duration.ZERO);
    assertThat(p.delayBefore(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.delayBefore(3)).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.delayBefore(4)).isEqualTo(Duration.ofSeconds(4));
    assertThat(p.retryableStates()).containsExactlyInAnyOrder(State.VALIDATING, State.BUILDING, State.TESTING);
    assertThat(p.retries(State.BUILDING)).isTrue();
    assertThat(p.retries(State.DEPLOYING_PROD)).isFalse();
  }

  @Test
  void multiplierAndBackoffAreTakenFromTheValues() {
    RetryPolicy p = new RetryPolicy(5, 250, 3.0, Set.of(State.BUILDING), 60_000);
    assertThat(p.delayBefore(2)).isEqualTo(Duration.ofMillis(250));
    assertThat(p.delayBefore(3)).isEqualTo(Duration.ofMillis(750));
    assertThat(p.delayBefore(4)).isEqualTo(Duration.ofMillis(2250));
    assertThat(p.delayBefore(5)).isEqualTo(Duration.ofMillis(6750));
  }

  @Test
  void multiplierOfOneGivesAConstantDelay() {
    RetryPolicy p = new RetryPolicy(4, 500, 1.0, Set.of(), 60_000);
    assertThat(p.delayBefore(2)).isEqualTo(p.delayBefore(4)).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void maxBackoffCapsTheDelay() {
    RetryPolicy p = new RetryPolicy(10, 1000, 2.0, Set.of(), 5_000);
    assertThat(p.delayBefore(4)).isEqualTo(Duration.ofSeconds(4));
    assertThat(p.delayBefore(5)).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.delayBefore(10)).isEqualTo(Duration.ofSeconds(5));
    assertThat(new RetryPolicy(200, 1000, 10.0, Set.of(), 5_000).delayBefore(200))
        .as("no overflow however far the exponent goes").isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void forAnyStateKeepsTheBackoffAndRetriesEverywhere() {
    RetryPolicy p = new RetryPolicy(4, 300, 1.5, Set.of(State.BUILDING), 9_000).forAnyState();
    assertThat(p.retryableStates()).isEqualTo(Set.of(State.values()));
    assertThat(p.maxAttempts()).isEqualTo(4);
    assertThat(p.delayBefore(3)).isEqualTo(Duration.ofMillis(450));
    assertThat(p.maxBackoffMs()).isEqualTo(9_000);
  }

  @Test
  void nonsenseValuesAreRejected() {
    assertThatThrownBy(() -> new RetryPolicy(0, 1000, 2.0, Set.of(), 1000)).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> new RetryPolicy(1, -1, 2.0, Set.of(), 1000)).hasMessageContaining("backoffMs");
    assertThatThrownBy(() -> new RetryPolicy(1, 1, 0.5, Set.of(), 1000)).hasMessageContaining("backoffMultiplier");
  }

  @ParameterizedTest(name = "HTTP {0} -> {1}")
  @CsvSource({
      "200, PERMANENT",
      "400, PERMANENT",
      "401, PERMANENT",
      "403, PERMANENT",
      "404, PERMANENT",
      "408, TRANSIENT",
      "429, TRANSIENT",
      "500, TRANSIENT",
      "501, PERMANENT",
      "502, TRANSIENT",
      "503, TRANSIENT",
      "504, TRANSIENT"})
  void httpStatusClassification(int status, Kind expected) {
    assertThat(Failure.ofHttpStatus(status)).isEqualTo(expected);
  }

  @Test
  void failureFactories() {
    Failure t = Failure.transientFailure("io");
    assertThat(t.isTransient()).isTrue();
    assertThat(t.retryAfter()).isEmpty();
    assertThat(t.withRetryAfter(Duration.ofSeconds(7)).retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(t.withRetryAfter(Duration.ofSeconds(7)).message()).isEqualTo("io");
    assertThat(Failure.permanent("bad").isTransient()).isFalse();
    assertThat(new Failure(Kind.TRANSIENT, "x", null).retryAfter()).isEmpty();
  }
}
