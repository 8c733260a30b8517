package dev.deploypipeline.executor;

import dev.deploypipeline.workflow.Failure;
import java.util.Map;
import java.util.Optional;

/** How an attempt ended. {@code failure} is empty on success. */
public record StageResult(Optional<Failure> failure, Integer exitCode, Map<String, String> external) {
  /**
   * The external key a deploy records when, after its own failure, it put the environment back on the version it
   * replaced (that version is the value); the engine then ends the deployment rolled back rather than failed.
   */
  public static final String RESTORED_VERSION = "restoredVersion";

  public static StageResult ok(Integer exitCode) {
    return new StageResult(Optional.empty(), exitCode, Map.of());
  }

  public static StageResult failed(Failure f, Integer exitCode) {
    return new StageResult(Optional.of(f), exitCode, Map.of());
  }

  public boolean succeeded() {
    return failure.isEmpty();
  }
}
