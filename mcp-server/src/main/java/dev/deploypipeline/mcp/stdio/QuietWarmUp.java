package dev.deploypipeline.mcp.stdio;

import dev.deploypipeline.workflow.Sleeper;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Runs the config warm-up once the session has been quiet for {@link #QUIET} after its first call: the config's
 * first load (Hibernate Validator, the config records' databinding) is half a second of CPU, which a later
 * {@code deploy_start} should find done, but which on 2 cores slowed every call that came in the meantime (the p95
 * of a burst of calls doubled). A person's or a model's next call comes seconds later; a burst goes first.
 */
final class QuietWarmUp {
  static final Duration QUIET = Duration.ofMillis(300);

  private final Runnable warm;
  private final LongSupplier nanos;
  private final Sleeper sleeper;
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile long lastActivity;

  QuietWarmUp(Runnable warm, LongSupplier nanos, Sleeper sleeper) {
    this.warm = warm;
    this.nanos = nanos;
    this.sleeper = sleeper;
  }

  /** A call began. */
  void callStarted() {
    lastActivity = nanos.getAsLong();
  }

  /** A call ended: after the first, the warm-up waits on its own thread for the session to go quiet. */
  void callEnded() {
    lastActivity = nanos.getAsLong();
    if (started.getAndSet(true)) return;
    Thread t = new Thread(this::awaitQuietThenWarm, "config-warm-up");
    t.setDaemon(true);
    t.start();
  }

  void awaitQuietThenWarm() {
    try {
      for (long quiet = nanos.getAsLong() - lastActivity; quiet < QUIET.toNanos(); quiet = nanos.getAsLong() - lastActivity) {
        sleeper.sleep(Duration.ofMillis(Math.max(1, (QUIET.toNanos() - quiet + 999_999) / 1_000_000)));
      }
      warm.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
