package dev.deploypipeline.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The reverse proxy in front of an environment. With {@code admin} the pipeline attaches to a proxy the user runs
 * (Caddy's admin address, or HAProxy's stats socket address); without it the pipeline starts a private one on
 * 127.0.0.1:{@code listen} (a free port when {@code listen} is absent).
 */
public record RouterSpec(
    @NotNull(message = "is required: \"caddy\" or \"haproxy\"")
        @Pattern(regexp = "caddy|haproxy", message = "must be 'caddy' or 'haproxy'") String type,
    @Min(value = 1024, message = "must be a port from 1024 to 65535")
        @Max(value = 65535, message = "must be a port from 1024 to 65535") Integer listen,
    @Pattern(regexp = "127\\.0\\.0\\.1:\\d{2,5}|localhost:\\d{2,5}",
        message = "must be a loopback address such as \"127.0.0.1:2019\"") String admin) {

  public boolean attached() {
    return admin != null;
  }
}
