package dev.deploypipeline.mcp.stdio;

import dev.deploypipeline.workflow.Sleeper;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Runs the warm-up (the config's first load, the quick lane's code) once the session has been quiet for
 * {@link #QUIET}: after start-up, or after the last call if calls came sooner. The config's first load (Hibernate
 * Validator, the config records' databinding) is half a second of CPU, which a later {@code deploy_start} should
 * find done, but which on 2 cores slowed every call that came in the meantime (the p95 of a burst of calls
 * doubled). A client's first call comes at once and goes first; a person's or a model's next call comes seconds
 * later, and finds the work done.
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
    this.lastActivity = nanos.getAsLong();
  }

  /** Starts waiting for quiet on a daemon thread, once. */
  void start() {
    if (started.getAndSet(true)) return;
    Thread t = new Thread(this::awaitQuietThenWarm, "warm-up");
    t.setDaemon(true);
    t.start();
  }

  /** A call began. */
  void callStarted() {
    lastActivity = nanos.getAsLong();
  }

  /** A call ended. */
  void callEnded() {
    lastActivity = nanos.getAsLong();
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
