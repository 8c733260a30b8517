package dev.deploypipeline.config;

import dev.deploypipeline.workflow.RetryPolicy;
import dev.deploypipeline.workflow.State;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The {@code retry} section; missing fields take {@link RetryPolicy#DEFAULT}'s values. */
public record RetrySpec(
    @Min(value = 1, message = "must be at least 1 (1 means no retries)") @Max(value = 20, message = "must be at most 20")
        Integer maxAttempts,
    @Min(value = 0, message = "must be 0 or more") @Max(value = 600000, message = "must be at most 600000 (10 minutes)")
        Long backoffMs,
    @DecimalMin(value = "1.0", message = "must be at least 1.0") @DecimalMax(value = "10.0", message = "must be at most 10")
        Double backoffMultiplier,
    List<String> retryableStates) {

  public RetryPolicy toPolicy() {
    RetryPolicy d = RetryPolicy.DEFAULT;
    Set<State> states = d.retryableStates();
    if (retryableStates != null) {
      states = new HashSet<>();
      for (String s : retryableStates) states.add(State.fromId(s).orElseThrow());
    }
    return new RetryPolicy(maxAttempts == null ? d.maxAttempts() : maxAttempts,
        backoffMs == null ? d.backoffMs() : backoffMs,
        backoffMultiplier == null ? d.backoffMultiplier() : backoffMultiplier, states, d.maxBackoffMs());
  }
}
