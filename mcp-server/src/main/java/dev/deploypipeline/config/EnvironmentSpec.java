package dev.deploypipeline.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Map;

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
    List<@Pattern(regexp = "[A-Za-z_][A-Za-z0-9_]*", message = "must be an environment variable name") String> secrets,
    List<@Pattern(regexp = "[A-Za-z0-9_*?]+", message = "must be a variable name or a glob such as \"HELLO_*\"")
        String> passEnv,
    @Valid TargetSpec target,
    @Valid RouterSpec router,
    @Valid StrategySpec strategy,
    @Pattern(regexp = "development|staging|production", message = "must be 'development', 'staging' or 'production'")
        String type,
    String url,
    Map<@Pattern(regexp = "[A-Za-z_][A-Za-z0-9_]*", message = "must be an environment variable name") String, String>
        variables) {

  /** Without a type, url or variables of its own (typed by name, see {@link #typeOrDefault}). */
  public EnvironmentSpec(StageSpec deploy, StageSpec rollback, HealthCheckSpec healthCheck, Boolean requiresApproval,
      List<String> approvers, Boolean preventSelfApproval, List<WindowSpec> windows, List<FreezeSpec> freezes,
      List<String> secrets, List<String> passEnv, TargetSpec target, RouterSpec router, StrategySpec strategy) {
    this(deploy, rollback, healthCheck, requiresApproval, approvers, preventSelfApproval, windows, freezes, secrets,
        passEnv, target, router, strategy, null, null, null);
  }

  /** Deployed by a command (no target), with windows and freezes. */
  public EnvironmentSpec(StageSpec deploy, StageSpec rollback, HealthCheckSpec healthCheck, Boolean requiresApproval,
      List<String> approvers, Boolean preventSelfApproval, List<WindowSpec> windows, List<FreezeSpec> freezes) {
    this(deploy, rollback, healthCheck, requiresApproval, approvers, preventSelfApproval, windows, freezes, null,
        null);
  }

  /** Deployed by a command, with secrets and passEnv patterns of its own. */
  public EnvironmentSpec(StageSpec deploy, StageSpec rollback, HealthCheckSpec healthCheck, Boolean requiresApproval,
      List<String> approvers, Boolean preventSelfApproval, List<WindowSpec> windows, List<FreezeSpec> freezes,
      List<String> secrets, List<String> passEnv) {
    this(deploy, rollback, healthCheck, requiresApproval, approvers, preventSelfApproval, windows, freezes, secrets,
        passEnv, null, null, null);
  }

  /** Deployed by the pipeline itself (target, router, strategy), without secrets or passEnv of its own. */
  public EnvironmentSpec(StageSpec deploy, StageSpec rollback, HealthCheckSpec healthCheck, Boolean requiresApproval,
      List<String> approvers, Boolean preventSelfApproval, List<WindowSpec> windows, List<FreezeSpec> freezes,
      TargetSpec target, RouterSpec router, StrategySpec strategy) {
    this(deploy, rollback, healthCheck, requiresApproval, approvers, preventSelfApproval, windows, freezes, null,
        null, target, router, strategy);
  }

  /** Names of variables declared secret for this environment's deploy and rollback stages. */
  public List<String> secretList() {
    return secrets == null ? List.of() : secrets;
  }

  /** Glob patterns of variables passed to this environment's deploy and rollback stages. */
  public List<String> passEnvList() {
    return passEnv == null ? List.of() : passEnv;
  }

  /** Without deployment windows or freezes. */
  public EnvironmentSpec(StageSpec deploy, StageSpec rollback, HealthCheckSpec healthCheck, Boolean requiresApproval,
      List<String> approvers, Boolean preventSelfApproval) {
    this(deploy, rollback, healthCheck, requiresApproval, approvers, preventSelfApproval, null, null);
  }

  /**
   * Whether the rollout deploys this environment (a process target, router, strategy) instead of a stage: a Compose
   * target is deployed in place by the compose executor, as a stage.
   */
  public boolean progressive() {
    return target != null && !target.compose();
  }

  /** Whether this environment is deployed by the compose executor (a target of type compose). */
  public boolean composeTarget() {
    return target != null && target.compose();
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

  /** Whether a human must approve before this environment is deployed; by default production environments. */
  public boolean approvalRequired(String environment) {
    return requiresApproval == null ? PRODUCTION.equals(typeOrDefault(environment)) : requiresApproval;
  }

  public static final String DEVELOPMENT = "development";
  public static final String STAGING = "staging";
  public static final String PRODUCTION = "production";

  /**
   * The environment's type; when not configured, told by its name: {@code prod}, {@code production},
   * {@code prod-*} and {@code *-prod} are production, {@code staging} and {@code stage} staging, the rest
   * development (e.g. {@code qa}).
   */
  public String typeOrDefault(String name) {
    return type != null ? type : typeByName(name);
  }

  public static String typeByName(String name) {
    if (name.equals("prod") || name.equals("production") || name.startsWith("prod-") || name.endsWith("-prod")) {
      return PRODUCTION;
    }
    return name.equals("staging") || name.equals("stage") ? STAGING : DEVELOPMENT;
  }

  /** Non-secret variables passed to this environment's deploy and rollback processes. */
  public Map<String, String> variableMap() {
    return variables == null ? Map.of() : variables;
  }

  public List<String> approverList() {
    return approvers == null ? List.of() : approvers;
  }

  public boolean selfApprovalForbidden() {
    return Boolean.TRUE.equals(preventSelfApproval);
  }
}
