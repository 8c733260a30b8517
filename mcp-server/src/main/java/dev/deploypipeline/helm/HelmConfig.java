package dev.deploypipeline.helm;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code helm} config section: the chart, its release, and per environment the namespace and values files.
 * Used by the {@code helm} executor (validate, deploy and rollback stages) and by {@code helm_check}.
 *
 * @param chart the chart directory, relative to the project directory
 * @param release the release name (default: the service name)
 * @param binary the helm executable (default {@code helm} on PATH)
 * @param timeoutSeconds helm's {@code --timeout} for {@code --wait} and {@code helm test} (default 300)
 * @param requiredSecrets Secret names the release needs: each must be rendered by the chart or listed in the
 *     environment's {@code existingSecrets}
 */
public record HelmConfig(
    @NotBlank(message = "is required: the chart directory relative to the project, e.g. \"chart\"") String chart,
    @Pattern(regexp = "[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?", message = "must be a Helm release name: lowercase "
        + "letters, digits and '-', at most 53 characters") String release,
    String binary,
    @Min(value = 1, message = "must be at least 1 second") @Max(value = 86400, message = "must be at most 86400")
        Integer timeoutSeconds,
    List<@Pattern(regexp = "[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?", message = "must be a Kubernetes Secret name")
        String> requiredSecrets,
    Map<String, @Valid HelmEnvironment> environments) {

  public static final int DEFAULT_TIMEOUT_SECONDS = 300;

  public HelmConfig {
    requiredSecrets = requiredSecrets == null ? List.of() : List.copyOf(requiredSecrets);
    environments = environments == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environments));
  }

  public String releaseOr(String service) {
    return release == null || release.isBlank() ? service : release;
  }

  public String binaryOrDefault() {
    return binary == null || binary.isBlank() ? "helm" : binary;
  }

  public int timeout() {
    return timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
  }

  public HelmEnvironment environment(String name) {
    return environments.get(name);
  }

  /** Problems that span fields, as {@code path: message} lines like the rest of the config's. */
  public List<String> problems(String path) {
    List<String> p = new java.util.ArrayList<>();
    environments.forEach((name, e) -> {
      if (e == null) p.add(path + ".environments." + name + ": must be an object with namespace and values");
    });
    return p;
  }
}
