package dev.deploypipeline.harness;

import dev.deploypipeline.workflow.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that only moves when someone sleeps on it: tests never wait on the real clock. */
public final class FakeTime extends Clock implements Sleeper {
  private final AtomicReference<Instant> now;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  public FakeTime(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  public FakeTime() {
    this(Instant.parse("2026-11-25T10:00:00Z"));
  }

  @Override
  public void sleep(Duration d) {
    sleeps.add(d);
    now.updateAndGet(i -> i.plus(d));
  }

  public void advance(Duration d) {
    now.updateAndGet(i -> i.plus(d));
  }

  public List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  @Override
  public Instant instant() {
    return now.get();
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
