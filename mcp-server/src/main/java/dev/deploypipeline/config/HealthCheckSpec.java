package dev.deploypipeline.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** After a deploy, GET {@code url} until it answers 2xx or {@code timeoutSeconds} pass. */
public record HealthCheckSpec(
    // NotNull rather than NotBlank: a blank URL already fails the pattern, and one message per mistake is enough.
    @NotNull(message = "must be set to the URL to GET after deploying, e.g. http://127.0.0.1:8080/health")
        @Pattern(regexp = "https?://.+", message = "must be an http:// or https:// URL")
        String url,
    @Min(value = 1, message = "must be at least 1 second") @Max(value = 3600, message = "must be at most 3600")
        Integer timeoutSeconds,
    @Min(value = 100, message = "must be at least 100 ms") Integer intervalMs) {

  public int timeout() {
    return timeoutSeconds == null ? 30 : timeoutSeconds;
  }

  public int interval() {
    return intervalMs == null ? 500 : intervalMs;
  }
}
