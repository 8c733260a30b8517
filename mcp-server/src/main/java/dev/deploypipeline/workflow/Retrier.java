package dev.deploypipeline.workflow;

import java.time.Duration;
import java.util.Optional;

/**
 * Runs an attempt under a {@link RetryPolicy}: transient failures are retried after the policy's delay (or the
 * server's Retry-After, whichever is longer), permanent ones end at once. Every retry is reported to the listener
 * before the wait, so that it can be audited.
 */
public final class Retrier {
  /** One attempt; returns empty on success or the classified failure. */
  @FunctionalInterface
  public interface Attempt {
    Optional<Failure> run(int attempt) throws InterruptedException;
  }

  @FunctionalInterface
  public interface Listener {
    void retrying(int failedAttempt, Failure failure, Duration delay);

    Listener NONE = (a, f, d) -> {};
  }

  /** The outcome: attempts made and the last failure, if the whole run failed. */
  public record Outcome(int attempts, Optional<Failure> failure) {
    public boolean succeeded() {
      return failure.isEmpty();
    }
  }

  private final RetryPolicy policy;
  private final Sleeper sleeper;

  public Retrier(RetryPolicy policy, Sleeper sleeper) {
    this.policy = policy;
    this.sleeper = sleeper;
  }

  public RetryPolicy policy() {
    return policy;
  }

  public Outcome run(boolean retryable, Attempt attempt, Listener listener) throws InterruptedException {
    int max = retryable ? policy.maxAttempts() : 1;
    for (int n = 1; ; n++) {
      Optional<Failure> failure = attempt.run(n);
      if (failure.isEmpty()) return new Outcome(n, Optional.empty());
      Failure f = failure.get();
      if (!f.isTransient() || n >= max) return new Outcome(n, failure);
      Duration delay = policy.delayBefore(n + 1);
      if (f.retryAfter().isPresent() && f.retryAfter().get().compareTo(delay) > 0) delay = f.retryAfter().get();
      listener.retrying(n, f, delay);
      sleeper.sleep(delay);
    }
  }
}
