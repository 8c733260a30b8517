package dev.deploypipeline.executor;

/**
 * Runs one attempt of a stage somewhere: a local command, a Harness pipeline. Executors classify their own
 * failures (transient or permanent) and never retry; the engine's one retry policy does that.
 */
public interface StageExecutor {
  /** The config name: {@code local}, {@code harness}. */
  String name();

  StageResult run(StageRequest request) throws InterruptedException;
}
