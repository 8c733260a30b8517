package dev.deploypipeline.helm;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * One environment's release: its namespace, its values files (relative to the project directory, applied in order
 * after the chart's values.yaml), whether {@code helm test} runs after a deploy (default yes), and the Secrets
 * provisioned outside the chart (by an operator or a vault sync) that its manifests may reference.
 */
public record HelmEnvironment(
    @NotBlank(message = "is required: the Kubernetes namespace, e.g. \"production\"")
        @Pattern(regexp = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?", message = "must be a Kubernetes namespace name")
        String namespace,
    List<@NotBlank(message = "must be a values file path") String> values,
    Boolean test,
    List<String> existingSecrets) {

  public HelmEnvironment {
    values = values == null ? List.of() : List.copyOf(values);
    existingSecrets = existingSecrets == null ? List.of() : List.copyOf(existingSecrets);
  }

  public boolean runsTests() {
    return test == null || test;
  }
}
