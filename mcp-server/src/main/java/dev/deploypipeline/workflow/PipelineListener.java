package dev.deploypipeline.workflow;

import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Event;
import dev.deploypipeline.workflow.Failure;
import dev.deploypipeline.workflow.State;

/**
 * Told about what the engine does, after it is durably recorded. Listeners must return quickly and never throw
 * into the engine (notifications, progress reporting); a slow channel must queue its own work.
 */
public interface PipelineListener {
  /** {@code after} is the stored deployment in its new state, reached from {@code from} by {@code event}. */
  default void transitioned(Deployment after, State from, Event event, String actor) {}

  /** An attempt of {@code stage} failed; {@code willRetry} says whether another attempt follows. */
  default void attemptFailed(Deployment d, String stage, int attempt, Failure failure, boolean willRetry) {}

  /**
   * A progressive rollout in {@code environment} recorded a step ({@code action}: an instance started, a weight
   * confirmed, a verdict, a phase change); {@code d}'s release for it holds the rollout's progress.
   */
  default void rolloutProgress(Deployment d, String environment, String action) {}

  /** A stage started its attempt {@code attempt}. */
  default void stageStarted(Deployment d, String stage, int attempt) {}
}
