package dev.deploypipeline.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** A freeze: {@code {"from": ISO instant, "to": ISO instant, "reason": "..."}}; parsed by {@link PolicyChecks}. */
public record FreezeSpec(
    @NotNull(message = "is required: an ISO-8601 instant such as \"2026-12-20T00:00:00Z\"") String from,
    @NotNull(message = "is required: an ISO-8601 instant such as \"2027-01-04T00:00:00Z\"") String to,
    @NotBlank(message = "is required: say why, people read it when a deployment is refused") String reason) {}
