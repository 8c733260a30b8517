package dev.deploypipeline.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExecutionPhaseTest {
  @ParameterizedTest
  @CsvSource({
      "Running, RUNNING", "AsyncWaiting, RUNNING", "TaskWaiting, RUNNING", "TimedWaiting, RUNNING",
      "ApprovalWaiting, RUNNING", "InterventionWaiting, RUNNING", "InputWaiting, RUNNING", "ResourceWaiting, RUNNING",
      "APPROVAL_WAITING, RUNNING", "Queued, RUNNING", "QueuedLicenseLimitReached, RUNNING", "Paused, RUNNING",
      "NotStarted, RUNNING", "Success, SUCCEEDED", "SUCCESS, SUCCEEDED", "IgnoreFailed, SUCCEEDED",
      "Failed, FAILED", "Errored, FAILED", "Aborted, FAILED", "AbortedByFreeze, FAILED", "Expired, FAILED",
      "ApprovalRejected, FAILED", "APPROVAL_REJECTED, FAILED"})
  void classifiesEveryHarnessStatus(String status, ExecutionPhase phase) {
    assertThat(ExecutionPhase.of(status)).isEqualTo(phase);
  }
}
