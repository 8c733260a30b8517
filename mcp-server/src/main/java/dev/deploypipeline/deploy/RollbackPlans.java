package dev.deploypipeline.deploy;

import dev.deploypipeline.approval.ApprovalRules;
import dev.deploypipeline.approval.Approver;
import dev.deploypipeline.approval.EffectivePolicy;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.rollbackplan.RollbackPlan;
import dev.deploypipeline.rollbackplan.RollbackPlanner;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Event;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rollback plans ({@code rollback-plan}, {@code rollback_plan}): made from the history and the generated files, and
 * executed through the pipeline's own rollback (audited, health-checked). Executing in an environment behind the
 * approval gate takes the same verified human as the gate: an OS user at a terminal, or an identified approver.
 */
public final class RollbackPlans {
  private final DeploymentService service;

  public RollbackPlans(DeploymentService service) {
    this.service = service;
  }

  public RollbackPlan plan(String environment, String toVersion) {
    requireEnvironment(environment);
    return RollbackPlanner.plan(new RollbackFacts(service).gather(environment, toVersion));
  }

  /** Whether executing in {@code environment} needs a verified human (its gate requires approval). */
  public boolean gated(String environment) {
    return policy(service.config(), environment).gate().requiresApproval();
  }

  /** The OS user at this terminal, verified as at the gate of the deployment the plan rolls back. */
  public Approver atTerminal(RollbackPlan plan, String channel) {
    return service.approvals().atTerminal(plan.from().deploymentId(), channel);
  }

  /**
   * Carries {@code plan} out with the pipeline's rollback of its environment, to the plan's target version. A
   * gated environment with no verified human is refused and the refusal audited.
   */
  public Deployment execute(RollbackPlan plan, String reason, Approver approver) throws InterruptedException {
    if (!plan.possible()) {
      throw new DeployException(DeployException.Kind.BAD_INPUT, "nothing to execute: " + plan.reason(),
          NextStep.of("{0} shows what ran there", NextStep.Action.history(plan.environment())));
    }
    PipelineConfig config = service.config();
    EffectivePolicy policy = policy(config, plan.environment());
    if (policy.gate().requiresApproval()) {
      Optional<ApprovalRules.Violation> v = ApprovalRules.check(policy.gate(), approver, "approve",
          "rollback of " + plan.environment(), Set.of());
      if (v.isPresent()) {
        service.refusal(plan.from().deploymentId(), Event.ROLLBACK, approver.actor(), approver.channel(),
            v.get().rule(), v.get().reason(), Map.of("environment", plan.environment(), "toVersion",
                plan.to().version(), "verifiedBy", approver.method().id));
        throw new DeployException(DeployException.Kind.NEEDS_HUMAN, "executing the rollback plan in "
            + plan.environment() + " needs a verified human: " + v.get().reason(), "a human runs it at a terminal "
            + "and types the environment's name: deployment-pipeline rollback-plan --env " + plan.environment()
            + " --to-version " + plan.to().version() + " --execute --reason \"...\"; or deploy_rollback with environment "
            + plan.environment() + " and toVersion " + plan.to().version() + ", which asks the human each time");
      }
    }
    return service.rollbackEnvironment(plan.environment(), plan.to().version(), "rollback-plan: " + reason,
        approver.actor());
  }

  private EffectivePolicy policy(PipelineConfig config, String environment) {
    String commit = Git.resolveCommit(service.projectDir(), "HEAD");
    return service.approvals().policy(config.service(), environment, commit, config.environment(environment));
  }

  private void requireEnvironment(String environment) {
    service.requireEnvironment("environment", environment);
  }
}
