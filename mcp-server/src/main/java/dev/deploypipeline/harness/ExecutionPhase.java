package dev.deploypipeline.harness;

import java.util.Locale;
import java.util.Set;

/**
 * What a Harness {@code ExecutionStatus} means for us. Harness matches status names case-insensitively and still
 * emits legacy upper-case forms ({@code APPROVAL_WAITING}), so names are compared without case or underscores.
 */
public enum ExecutionPhase {
  /** Still going, including waits for approval, input, resources or a paused run. */
  RUNNING,
  SUCCEEDED,
  FAILED;

  private static final Set<String> SUCCESS = Set.of("success", "ignorefailed");
  // Skipped and Suspended are terminal in Harness without being a success, so they fail the stage too.
  private static final Set<String> FAILURE = Set.of("failed", "errored", "aborted", "abortedbyfreeze", "expired",
      "approvalrejected", "skipped", "suspended");

  public static ExecutionPhase of(String status) {
    if (status == null) return RUNNING;
    String s = status.replace("_", "").toLowerCase(Locale.ROOT);
    if (SUCCESS.contains(s)) return SUCCEEDED;
    if (FAILURE.contains(s)) return FAILED;
    // *Waiting, Queued*, Running, Paused, Pausing, NotStarted, Discontinuing and anything new: not finished yet;
    // the stage timeout bounds how long an unknown status can hold a stage.
    return RUNNING;
  }

  public boolean finished() {
    return this != RUNNING;
  }
}
