package dev.deploypipeline.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetrierTest {

  /** Records what would have been slept, in order; never waits. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> sleeps = new ArrayList<>();
    final List<String> log;

    RecordingSleeper(List<String> log) {
      this.log = log;
    }

    @Override
    public void sleep(Duration d) {
      sleeps.add(d);
      log.add("sleep " + d.toMillis());
    }
  }

  record Retry(int attempt, Failure failure, Duration delay) {}

  private final List<String> log = new ArrayList<>();
  private final RecordingSleeper sleeper = new RecordingSleeper(log);
  private final List<Retry> retries = new ArrayList<>();
  private final Retrier.Listener listener = (n, f, d) -> {
    retries.add(new Retry(n, f, d));
    log.add("retrying " + n);
  };

  /** An attempt that fails with the given failures in turn, then succeeds; records the attempt numbers seen. */
  private static final class Script implements Retrier.Attempt {
    final List<Optional<Failure>> results;
    final List<Integer> seen = new ArrayList<>();
    final List<String> log;

    Script(List<String> log, List<Optional<Failure>> results) {
      this.log = log;
      this.results = results;
    }

    @Override
    public Optional<Failure> run(int attempt) {
      seen.add(attempt);
      log.add("attempt " + attempt);
      return attempt <= results.size() ? results.get(attempt - 1) : Optional.empty();
    }
  }

  private static Optional<Failure> fail(Failure f) {
    return Optional.of(f);
  }

  private Script alwaysTransient(int n) {
    List<Optional<Failure>> r = new ArrayList<>();
    for (int i = 1; i <= n; i++) r.add(fail(Failure.transientFailure("flaky " + i)));
    return new Script(log, r);
  }

  @Test
  void defaultPolicyMakesThreeAttemptsWaitingOneThenTwoSeconds() throws Exception {
    Script s = alwaysTransient(10);
    Retrier.Outcome o = new Retrier(RetryPolicy.DEFAULT, sleeper).run(true, s, listener);
    assertThat(s.seen).containsExactly(1, 2, 3);
    assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(o.attempts()).isEqualTo(3);
    assertThat(o.succeeded()).isFalse();
    assertThat(o.failure().orElseThrow().message()).isEqualTo("flaky 3");
  }

  @Test
  void fourAttemptsAddAFourSecondWait() throws Exception {
    RetryPolicy p = new RetryPolicy(4, 1000, 2.0, Set.of(State.BUILDING), 60_000);
    Script s = alwaysTransient(10);
    Retrier.Outcome o = new Retrier(p, sleeper).run(true, s, listener);
    assertThat(s.seen).containsExactly(1, 2, 3, 4);
    assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(o.attempts()).isEqualTo(4);
  }

  @Test
  void backoffAndMultiplierComeFromThePolicy() throws Exception {
    RetryPolicy p = new RetryPolicy(4, 200, 3.0, Set.of(), 60_000);
    new Retrier(p, sleeper).run(true, alwaysTransient(10), listener);
    assertThat(sleeper.sleeps).containsExactly(Duration.ofMillis(200), Duration.ofMillis(600), Duration.ofMillis(1800));
  }

  @Test
  void maxBackoffCapsTheWaits() throws Exception {
    RetryPolicy p = new RetryPolicy(5, 1000, 2.0, Set.of(), 2_500);
    new Retrier(p, sleeper).run(true, alwaysTransient(10), listener);
    assertThat(sleeper.sleeps).containsExactly(Duration.ofMillis(1000), Duration.ofMillis(2000),
        Duration.ofMillis(2500), Duration.ofMillis(2500));
  }

  @Test
  void permanentFailureStopsAtOnce() throws Exception {
    Script s = new Script(log, List.of(fail(Failure.permanent("401 unauthorized"))));
    Retrier.Outcome o = new Retrier(RetryPolicy.DEFAULT, sleeper).run(true, s, listener);
    assertThat(s.seen).containsExactly(1);
    assertThat(o.attempts()).isEqualTo(1);
    assertThat(o.failure()).get().extracting(Failure::message).isEqualTo("401 unauthorized");
    assertThat(sleeper.sleeps).isEmpty();
    assertThat(retries).isEmpty();
  }

  @Test
  void permanentFailureAfterATransientOneStopsThere() throws Exception {
    Script s = new Script(log, List.of(fail(Failure.transientFailure("503")), fail(Failure.permanent("404"))));
    Retrier.Outcome o = new Retrier(RetryPolicy.DEFAULT, sleeper).run(true, s, listener);
    assertThat(s.seen).containsExactly(1, 2);
    assertThat(o.failure().orElseThrow().message()).isEqualTo("404");
    assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void notRetryableMeansOneAttemptEvenForTransientFailures() throws Exception {
    Script s = alwaysTransient(10);
    Retrier.Outcome o = new Retrier(RetryPolicy.DEFAULT, sleeper).run(false, s, listener);
    assertThat(s.seen).containsExactly(1);
    assertThat(o.attempts()).isEqualTo(1);
    assertThat(o.succeeded()).isFalse();
    assertThat(sleeper.sleeps).isEmpty();
    assertThat(retries).isEmpty();
  }

  @Test
  void retryAfterLongerThanTheBackoffWins() throws Exception {
    Failure throttled = Failure.transientFailure("429").withRetryAfter(Duration.ofSeconds(30));
    Script s = new Script(log, List.of(fail(throttled)));
    Retrier.Outcome o = new Retrier(RetryPolicy.DEFAULT, sleeper).run(true, s, listener);
    assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(30));
    assertThat(retries).containsExactly(new Retry(1, throttled, Duration.ofSeconds(30)));
    assertThat(o.succeeded()).isTrue();
    assertThat(o.attempts()).isEqualTo(2);
  }

  @Test
  void retryAfterShorterThanTheBackoffDoesNotShortenIt() throws Exception {
    Failure throttled = Failure.transientFailure("503").withRetryAfter(Duration.ofMillis(10));
    Script s = new Script(log, List.of(fail(Failure.transientFailure("x")), fail(throttled)));
    new Retrier(RetryPolicy.DEFAULT, sleeper).run(true, s, listener);
    assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void listenerIsToldOfEachRetryBeforeTheWait() throws Exception {
    Failure f1 = Failure.transientFailure("timeout");
    Failure f2 = Failure.transientFailure("connection reset");
    Script s = new Script(log, List.of(fail(f1), fail(f2)));
    new Retrier(RetryPolicy.DEFAULT, sleeper).run(true, s, listener);
    assertThat(retries).containsExactly(
        new Retry(1, f1, Duration.ofSeconds(1)),
        new Retry(2, f2, Duration.ofSeconds(2)));
    assertThat(log).containsExactly(
        "attempt 1", "retrying 1", "sleep 1000",
        "attempt 2", "retrying 2", "sleep 2000",
        "attempt 3");
  }

  @Test
  void noListenerCallAfterTheLastAttempt() throws Exception {
    new Retrier(RetryPolicy.DEFAULT, sleeper).run(true, alwaysTransient(10), listener);
    assertThat(retries).extracting(Retry::attempt).containsExactly(1, 2);
  }

  @Test
  void successOnTheThirdAttemptReportsThreeAttempts() throws Exception {
    Script s = new Script(log, List.of(fail(Failure.transientFailure("a")), fail(Failure.transientFailure("b"))));
    Retrier.Outcome o = new Retrier(RetryPolicy.DEFAULT, sleeper).run(true, s, listener);
    assertThat(o.succeeded()).isTrue();
    assertThat(o.failure()).isEmpty();
    assertThat(o.attempts()).isEqualTo(3);
    assertThat(s.seen).containsExactly(1, 2, 3);
  }

  @Test
  void firstTimeSuccessNeitherWaitsNorReports() throws Exception {
    Script s = new Script(log, List.of());
    Retrier.Outcome o = new Retrier(RetryPolicy.DEFAULT, sleeper).run(true, s, Retrier.Listener.NONE);
    assertThat(o).isEqualTo(new Retrier.Outcome(1, Optional.empty()));
    assertThat(sleeper.sleeps).isEmpty();
  }

  @Test
  void interruptionDuringTheWaitPropagates() {
    Sleeper interrupted = d -> {
      throw new InterruptedException("stop");
    };
    Script s = alwaysTransient(10);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new Retrier(RetryPolicy.DEFAULT, interrupted).run(true, s, listener))
        .isInstanceOf(InterruptedException.class);
    assertThat(s.seen).containsExactly(1);
  }
}
