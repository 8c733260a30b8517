package dev.deploypipeline.workflow;

import java.time.Duration;
import java.util.Set;

/**
 * The one retry policy (docs/design.md): how many attempts, the exponential backoff, and which stages may be retried.
 * Defaults give attempts at 0 s, +1 s, +2 s (and +4 s with a fourth attempt).
 */
public record RetryPolicy(int maxAttempts, long backoffMs, double backoffMultiplier, Set<State> retryableStates,
    long maxBackoffMs) {

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(3, 1000, 2.0, Set.of(State.VALIDATING, State.BUILDING, State.TESTING), 60_000);

  public RetryPolicy {
    if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1");
    if (backoffMs < 0) throw new IllegalArgumentException("backoffMs must be >= 0");
    if (backoffMultiplier < 1.0) throw new IllegalArgumentException("backoffMultiplier must be >= 1");
    retryableStates = Set.copyOf(retryableStates);
  }

  /** The same backoff for calls outside the state machine (HTTP deliveries, API calls). */
  public RetryPolicy forAnyState() {
    return new RetryPolicy(maxAttempts, backoffMs, backoffMultiplier, Set.of(State.values()), maxBackoffMs);
  }

  public boolean retries(State state) {
    return retryableStates.contains(state);
  }

  /** Delay before attempt {@code nextAttempt} (2-based: the first retry is attempt 2). */
  public Duration delayBefore(int nextAttempt) {
    if (nextAttempt < 2) return Duration.ZERO;
    double ms = backoffMs * Math.pow(backoffMultiplier, nextAttempt - 2);
    return Duration.ofMillis((long) Math.min(ms, maxBackoffMs));
  }
}
