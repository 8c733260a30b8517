package dev.deploypipeline.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** One attempt at a stage: when, how it ended, and the backoff that preceded it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Attempt(int number, Instant startedAt, Instant endedAt, String outcome, Integer exitCode, String error,
    Long delayBeforeMs) {
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
}
