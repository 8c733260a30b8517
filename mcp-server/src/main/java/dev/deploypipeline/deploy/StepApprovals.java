package dev.deploypipeline.deploy;

import dev.deploypipeline.approval.Approver;
import dev.deploypipeline.engine.PipelineRunner;
import dev.deploypipeline.store.AuditRecord;
import dev.deploypipeline.workflow.Approval;
import dev.deploypipeline.workflow.Deployment;
import java.util.LinkedHashMap;
import java.util.Map;
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

  StepApprovals(DeploymentService service, PipelineRunner runner) {
    this.service = service;
    this.runner = runner;
  }

  /** {@code approver} has already passed the environment's rules ({@link Approvals#decide}); this acts on it. */
  Deployment decide(Deployment d, String env, String decision, Approver approver, String comment) {
    String actor = approver.actor();
    Map<String, Object> details = new LinkedHashMap<>(approver.evidence());
    if (comment != null) details.put("comment", comment);
    details.put("channel", approver.channel());
    details.put("verifiedBy", approver.method().id);
    details.put("environment", env);
    details.put("decision", decision);
    service.transitions().audit(new AuditRecord(service.clock().instant(), d.id(), actor, "STEP_DECIDED", null,
        null, null, details));
    if (Approval.APPROVE.equals(decision)) {
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
