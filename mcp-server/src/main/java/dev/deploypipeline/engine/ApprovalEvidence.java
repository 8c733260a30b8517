package dev.deploypipeline.engine;

import dev.deploypipeline.store.AuditEntry;
import dev.deploypipeline.store.AuditVerification;
import dev.deploypipeline.store.DeploymentStore;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Event;
import dev.deploypipeline.workflow.State;
import java.util.List;
import java.util.Optional;

/**
 * What prod needs before it runs, when its gate requires a human: that human's {@code APPROVED} line in the
 * hash-chained audit trail, written after the deployment last reached the gate and naming how the approver was
 * verified. The deployment record alone is not enough: it is a file in the project, and a record edited to say
 * {@code deploying-prod} (then resumed) must not deploy prod.
 */
final class ApprovalEvidence {
  private ApprovalEvidence() {}

  /** Why prod may not run for {@code d}; empty when a verified approval is on the audit trail. */
  static Optional<String> missing(DeploymentStore store, Deployment d) {
    AuditVerification chain = store.verifyAudit();
    if (!chain.intact()) {
      return Optional.of("the audit trail's hash chain is broken (" + chain.problem().orElse("unknown") + ")");
    }
    List<AuditEntry> lines = store.audit(d.id());
    long gate = -1;
    for (AuditEntry e : lines) {
      if (State.AWAITING_APPROVAL.id().equals(e.to())) gate = e.seq();
    }
    if (gate < 0) return Optional.of("the audit trail never shows " + d.id() + " at the approval gate");
    long after = gate;
    boolean approved = lines.stream().anyMatch(e -> e.seq() > after && Event.APPROVED.name().equals(e.event())
        && State.AWAITING_APPROVAL.id().equals(e.from()) && e.details() != null
        && e.details().get("verifiedBy") instanceof String);
    return approved ? Optional.empty()
        : Optional.of("the audit trail has no verified approval of " + d.id() + " since it reached the gate");
  }
}
