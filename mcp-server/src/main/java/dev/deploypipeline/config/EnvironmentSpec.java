package dev.deploypipeline.config;

import jakarta.validation.Valid;
import java.util.List;

/**
 * One environment: how to deploy to it, how to roll it back, how to tell it is healthy, and its approval policy.
 * Approval defaults: required for prod only. {@code windows} and {@code freezes} say when it may be deployed
 * (see {@link dev.deploypipeline.workflow.Guards} for which events they hold).
 */
public record EnvironmentSpec(
    // Required unless a target is set; SemanticChecks says so with the path.
    @Valid StageSpec deploy,
    @Valid StageSpec rollback,
    @Valid HealthCheckSpec healthCheck,
    Boolean requiresApproval,
    List<String> approvers,
    Boolean preventSelfApproval,
    List<@Valid WindowSpec> windows,
    List<@Valid FreezeSpec> freezes,
    @Valid TargetSpec target,
    @Valid RouterSpec router,
    @Valid StrategySpec strategy) {

  /** Deployed by a command (no target), with windows and freezes. */
  public EnvironmentSpec(StageSpec deploy, StageSpec rollback, HealthCheckSpec healthCheck, Boolean requiresApproval,
      List<String> approvers, Boolean preventSelfApproval, List<WindowSpec> windows, List<FreezeSpec> freezes) {
    this(deploy, rollback, healthCheck, requiresApproval, approvers, preventSelfApproval, windows, freezes, null, null,
        null);
  }

  /** Without deployment windows or freezes. */
  public EnvironmentSpec(StageSpec deploy, StageSpec rollback, HealthCheckSpec healthCheck, Boolean requiresApproval,
      List<String> approvers, Boolean preventSelfApproval) {
    this(deploy, rollback, healthCheck, requiresApproval, approvers, preventSelfApproval, null, null, null, null, null);
  }

  /** Whether the pipeline deploys this environment itself (target, router, strategy) instead of a command. */
  public boolean progressive() {
    return target != null;
  }

  public StrategySpec strategyOrDefault() {
    return strategy == null ? StrategySpec.RECREATE : strategy;
  }

  public List<WindowSpec> windowList() {
    return windows == null ? List.of() : windows;
  }

  public List<FreezeSpec> freezeList() {
    return freezes == null ? List.of() : freezes;
  }

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
