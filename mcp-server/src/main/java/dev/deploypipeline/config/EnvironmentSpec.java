package dev.deploypipeline.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * One environment: how to deploy to it, how to roll it back, how to tell it is healthy, and its approval policy.
 * Approval defaults: required for prod only.
 */
public record EnvironmentSpec(
    @NotNull(message = "is required: add {\"command\": \"...\"} or {\"skip\": true}") @Valid StageSpec deploy,
    @Valid StageSpec rollback,
    @Valid HealthCheckSpec healthCheck,
    Boolean requiresApproval,
    List<String> approvers,
    Boolean preventSelfApproval) {

  public boolean approvalRequired(String environment) {
    return requiresApproval == null ? "prod".equals(environment) : requiresApproval;
  }

  public List<String> approverList() {
    return approvers == null ? List.of() : approvers;
  }

  public boolean selfApprovalForbidden() {
    return Boolean.TRUE.equals(preventSelfApproval);
  }
}
