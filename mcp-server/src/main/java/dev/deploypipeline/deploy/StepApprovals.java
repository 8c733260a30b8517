package dev.deploypipeline.deploy;

import static dev.deploypipeline.deploy.DeployException.Kind.GUARD;

import dev.deploypipeline.config.EnvironmentSpec;
import dev.deploypipeline.engine.PipelineRunner;
import dev.deploypipeline.workflow.Approval;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Event;
import dev.deploypipeline.workflow.GuardContext;
import dev.deploypipeline.workflow.Guards;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rollout parked for a human (a canary step "untilApproved", or an inconclusive analysis) is decided through
 * the same approve/reject entry points and the same approver rules as the prod gate, with the parked environment's
 * approvers. Approving lets the rollout go on; rejecting rolls it back (traffic to stable first).
 */
final class StepApprovals {
  private final DeploymentService service;
  private final PipelineRunner runner;
  private final Guards guards;

  StepApprovals(DeploymentService service, PipelineRunner runner, Guards guards) {
    this.service = service;
    this.runner = runner;
    this.guards = guards;
  }

  Deployment decide(Deployment d, String env, String decision, String actor, String comment, String channel,
      Map<String, Object> more) {
    boolean approve = Approval.APPROVE.equals(decision);
    Event event = approve ? Event.APPROVED : Event.REJECTED;
    EnvironmentSpec spec = service.config().environment(env);
    var violation = guards.violation(new GuardContext(d.id(), d.service(), d.state(), event, actor, d.startedBy(),
        List.of(), Set.copyOf(spec == null ? List.of() : spec.approverList()),
        spec != null && spec.selfApprovalForbidden()));
    if (violation.isPresent()) {
      service.refusal(d.id(), event, actor, channel, violation.get().rule(), violation.get().reason(), more);
      throw new DeployException(GUARD, violation.get().reason(),
          "a permitted approver runs: deployment-pipeline deploy approve " + d.id());
    }
    if (approve) {
      runner.progressive().approveStep(d.id(), env, actor);
      return service.get(d.id());
    }
    try {
      return service.rollback(d.id(), "rejected at a rollout step by " + actor
          + (comment == null ? "" : ": " + comment), actor);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while rolling back " + d.id(), e);
    }
  }
}
