package dev.deploypipeline.workflow;

import java.time.Duration;

/** Waits between attempts. Injected so that tests never wait on the real clock. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration d) throws InterruptedException;

  Sleeper REAL = d -> Thread.sleep(d.toMillis());
}
