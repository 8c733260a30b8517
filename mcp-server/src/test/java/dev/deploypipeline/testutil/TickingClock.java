package dev.deploypipeline.testutil;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Moves forward by {@code step} on every reading, so durations are non-zero without any waiting; thread-safe
 * because drivers run in the background.
 */
public final class TickingClock extends Clock {
  private final AtomicReference<Instant> now;
  private final Duration step;

  public TickingClock(Instant start, Duration step) {
    this.now = new AtomicReference<>(start);
    this.step = step;
  }

  /** Starts again from {@code start}: two runs of the same code then read the same instants. */
  public void rewind(Instant start) {
    now.set(start);
  }

  @Override
  public Instant instant() {
    return now.getAndUpdate(i -> i.plus(step));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
