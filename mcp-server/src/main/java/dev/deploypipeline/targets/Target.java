package dev.deploypipeline.targets;

import java.io.IOException;
import java.time.Duration;

/**
 * Where instances of a release run: supervised local processes today; Compose and Harness fit the same shape.
 * A target starts and stops instances and tells whether one still runs. It never decides traffic (that is a
 * {@link dev.deploypipeline.router.Router}'s job) nor health (that is the rollout's analysis).
 */
public interface Target {
  /** The config name: {@code process}, later {@code compose}. */
  String kind();

  /** Starts one instance and returns as soon as it is spawned; the caller health-checks it. */
  Instance start(InstanceSpec spec) throws IOException;

  /** Stops the instance (its whole process group): a polite signal, then a kill after {@code grace}. Idempotent. */
  void stop(Instance instance, Duration grace) throws IOException, InterruptedException;

  /**
   * Whether the recorded instance is still the one that was started (same pid and start time, so a reused pid is
   * not mistaken for it). This is how a restarted server adopts instances it finds in the store.
   */
  boolean isAlive(Instance instance);
}
