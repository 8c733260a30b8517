package dev.deploypipeline.harness;

import dev.deploypipeline.workflow.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Polls an execution until it finishes or a deadline passes, backing off from {@code initial} by
 * {@code multiplier} up to {@code max} (Harness's own client uses 3 s, ×1.5, 30 s), so that a long deployment costs
 * a few hundred calls, not thousands.
 */
public final class ExecutionWaiter {
  /** The last status seen and whether the wait ended because the deadline passed. */
  public record Outcome(Execution last, boolean timedOut) {
    public boolean finished() {
      return last.phase().finished();
    }
  }

  private final HarnessClient client;
  private final Sleeper sleeper;
  private final Clock clock;
  private final Duration initial;
  private final double multiplier;
  private final Duration max;

  public ExecutionWaiter(HarnessClient client, Sleeper sleeper, Clock clock, Duration initial, double multiplier,
      Duration max) {
    this.client = client;
    this.sleeper = sleeper;
    this.clock = clock;
    this.initial = initial;
    this.multiplier = multiplier;
    this.max = max;
  }

  public static ExecutionWaiter of(HarnessClient client, HarnessConfig config, Sleeper sleeper, Clock clock) {
    return new ExecutionWaiter(client, sleeper, clock, config.pollInitial(), config.pollBackoff(), config.pollMax());
  }

  /** Polls now, then after each delay; {@code onPoll} sees every status read. */
  public Outcome await(String executionId, Instant deadline, Consumer<Execution> onPoll) throws InterruptedException {
    Duration delay = initial;
    while (true) {
      Execution e = client.status(executionId);
      onPoll.accept(e);
      if (e.phase().finished()) return new Outcome(e, false);
      Duration left = Duration.between(clock.instant(), deadline);
      if (left.isNegative() || left.isZero()) return new Outcome(e, true);
      sleeper.sleep(delay.compareTo(left) < 0 ? delay : left);
      long next = (long) Math.min(delay.toMillis() * multiplier, max.toMillis());
      delay = Duration.ofMillis(next);
    }
  }
}
