package dev.deploypipeline.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;

/**
 * How one stage runs. {@code command} runs under {@code bash -c} in the project directory for the local executor;
 * {@code pipeline} names the Harness pipeline for the harness executor. {@code idempotent} tells crash recovery
 * whether the stage may simply be run again.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record StageSpec(
    String command,
    @Min(value = 1, message = "must be at least 1 second") @Max(value = 86400, message = "must be at most 86400 (one day)")
        Integer timeoutSeconds,
    Boolean idempotent,
    Boolean skip,
    String executor,
    String pipeline,
    List<@Min(value = 1, message = "must be an exit code from 1 to 255")
        @Max(value = 255, message = "must be an exit code from 1 to 255") Integer> retryExitCodes) {

  public static final int DEFAULT_TIMEOUT_SECONDS = 600;

  public int timeout() {
    return timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
  }

  public boolean isIdempotent() {
    return Boolean.TRUE.equals(idempotent);
  }

  public boolean isSkipped() {
    return Boolean.TRUE.equals(skip);
  }

  public List<Integer> transientExitCodes() {
    return retryExitCodes == null ? List.of(75) : retryExitCodes;
  }
}
