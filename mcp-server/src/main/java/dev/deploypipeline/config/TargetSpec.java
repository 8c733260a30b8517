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
 * picked at run time unless {@code ports} names them. {@code compose} runs {@code services} of the Compose
 * {@code file} as project {@code project} at the image tag {@code ${TAG}} = the release's version, in place (see
 * {@link ComposeTargetChecks}); its {@code ports} are the host ports its services listen on, checked free before a
 * deploy. An environment without a target keeps its deploy command.
 */
public record TargetSpec(
    @NotNull(message = "is required: \"process\" or \"compose\"")
        @Pattern(regexp = "process|compose", message = "must be 'process' or 'compose'") String type,
    // Required for process targets; ComposeTargetChecks says so with the path.
    String command,
    @Min(value = 1, message = "must be at least 1") @Max(value = 32, message = "must be at most 32") Integer instances,
    List<@NotNull(message = "must be a port number") @Min(value = 1024, message = "must be a port from 1024 to 65535")
        @Max(value = 65535, message = "must be a port from 1024 to 65535") Integer> ports,
    @Pattern(regexp = "/.*", message = "must be a path starting with '/', e.g. \"/health\"") String healthPath,
    @Pattern(regexp = "/.*", message = "must be a path starting with '/', e.g. \"/version\"") String versionPath,
    @Min(value = 1, message = "must be at least 1 second") @Max(value = 600, message = "must be at most 600")
        Integer startTimeoutSeconds,
    @Pattern(regexp = "(?s).*\\S.*", message = "must be a path, e.g. \"docker-compose.yml\"") String file,
    @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,62}", message = "must be lowercase letters, digits, '_' or '-' (a "
        + "Compose project name), e.g. \"myapp-prod\"") String project,
    List<@NotBlank(message = "must be a service name of the Compose file") String> services,
    @Min(value = 1, message = "must be at least 1 second") @Max(value = 3600, message = "must be at most 3600")
        Integer healthTimeoutSeconds) {

  public static final String PROCESS = "process";
  public static final String COMPOSE = "compose";

  /** A process target (the fields before Compose existed). */
  public TargetSpec(String type, String command, Integer instances, List<Integer> ports, String healthPath,
      String versionPath, Integer startTimeoutSeconds) {
    this(type, command, instances, ports, healthPath, versionPath, startTimeoutSeconds, null, null, null, null);
  }

  public boolean compose() {
    return COMPOSE.equals(type);
  }

  public String composeFile() {
    return file == null ? "docker-compose.yml" : file;
  }

  /** The Compose project name: {@code project}, else {@code <service>-<environment>}. */
  public String composeProject(String service, String environment) {
    return project != null ? project : (service == null ? "app" : service) + "-" + environment;
  }

  /** The services to deploy; empty means every service of the file. */
  public List<String> serviceList() {
    return services == null ? List.of() : services;
  }

  public int healthTimeout() {
    return healthTimeoutSeconds == null ? 60 : healthTimeoutSeconds;
  }

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
