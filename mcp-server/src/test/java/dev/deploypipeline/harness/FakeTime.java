package dev.deploypipeline.harness;

import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.workflow.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A clock that only moves when someone sleeps on it: tests never wait on the real clock. */
public final class FakeTime extends TestClock implements Sleeper {
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  public FakeTime(Instant start) {
    super(start);
  }

  public FakeTime() {
    this(Instant.parse("2026-11-25T10:00:00Z"));
  }

  @Override
  public void sleep(Duration d) {
    sleeps.add(d);
    advance(d);
  }

  public List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }
}
