package dev.deploypipeline.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * Where an environment's release runs when the pipeline deploys it by itself: {@code process} starts
 * {@code instances} copies of {@code command} (with {@code ${PORT}} and {@code ${VERSION}}) on loopback ports,
 * picked at run time unless {@code ports} names them. An environment without a target keeps its deploy command.
 */
public record TargetSpec(
    @NotNull(message = "is required: \"process\"") @Pattern(regexp = "process", message = "must be 'process'")
        String type,
    @NotBlank(message = "is required: the command that starts one instance, e.g. \"java Service.java\" "
        + "(it gets PORT and VERSION in its environment)") String command,
    @Min(value = 1, message = "must be at least 1") @Max(value = 32, message = "must be at most 32") Integer instances,
    List<@NotNull(message = "must be a port number") @Min(value = 1024, message = "must be a port from 1024 to 65535")
        @Max(value = 65535, message = "must be a port from 1024 to 65535") Integer> ports,
    @Pattern(regexp = "/.*", message = "must be a path starting with '/', e.g. \"/health\"") String healthPath,
    @Pattern(regexp = "/.*", message = "must be a path starting with '/', e.g. \"/version\"") String versionPath,
    @Min(value = 1, message = "must be at least 1 second") @Max(value = 600, message = "must be at most 600")
        Integer startTimeoutSeconds) {

  public int instanceCount() {
    return instances == null ? 1 : instances;
  }

  public String health() {
    return healthPath == null ? "/health" : healthPath;
  }

  public String version() {
    return versionPath == null ? "/version" : versionPath;
  }

  public int startTimeout() {
    return startTimeoutSeconds == null ? 30 : startTimeoutSeconds;
  }

  public List<Integer> portList() {
    return ports == null ? List.of() : ports;
  }
}
