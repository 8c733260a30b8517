package dev.deploypipeline.testutil;

import dev.deploypipeline.workflow.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records requested waits and advances a {@link TestClock} instead of waiting. */
public final class RecordingSleeper implements Sleeper {
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final TestClock clock;

  public RecordingSleeper(TestClock clock) {
    this.clock = clock;
  }

  @Override
  public void sleep(Duration d) {
    sleeps.add(d);
    if (clock != null) clock.advance(d);
  }

  public List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }
}
