package dev.deploypipeline.cli;

import dev.deploypipeline.approval.ApprovalPayload;
import dev.deploypipeline.approval.SshSignatures;
import dev.deploypipeline.approval.ApprovalRules;
import dev.deploypipeline.approval.Approver;
import dev.deploypipeline.deploy.ApprovalGate;
import dev.deploypipeline.deploy.DeployException;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.workflow.Approval;
import dev.deploypipeline.workflow.Event;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What proves who decides at the gate from the CLI: an SSH signature ({@code --sign}), else the OS user at a real
 * terminal who types the deployment id, else nothing (the service then refuses what needs a verified human).
 */
final class GateDecision {
  static final String CHANNEL = "cli";

  private GateDecision() {}

  /** {@code text} signed with {@code key} by ssh-keygen; an unusable key is the caller's to fix. */
  static String sign(Path key, String text) {
    try {
      return SshSignatures.sign(key, text);
    } catch (SshSignatures.SignatureException e) {
      throw new DeployException(DeployException.Kind.BAD_INPUT, e.getMessage(),
          "pass a readable SSH private key (ssh-keygen -t ed25519 makes one) listed in your allowed-signers file");
    }
  }

  static Approver approver(DeploymentService s, String id, String decision, Path key) {
    if (key != null) {
      ApprovalPayload payload = s.approvals().payload(id, decision, Clock.systemUTC());
      return s.approvals().signed(id, decision, payload.text(), sign(key, payload.text()), CHANNEL);
    }
    if (!Terminal.interactive()) return Approver.unverified(s.actor(), CHANNEL);
    Approver me = s.approvals().atTerminal(id, CHANNEL);
    s.approvals().precheck(id, decision, me);
    ApprovalGate.Summary summary = new ApprovalGate(s).summarize(id);
    String action = Approval.APPROVE.equals(decision) ? "approve" : "reject";
    if (!Terminal.confirm(summary.body() + "You are " + me.actor() + " (OS user at this terminal).", id, action)) {
      String why = "the id typed at the terminal did not match " + id;
      s.refusal(id, Approval.APPROVE.equals(decision) ? Event.APPROVED : Event.REJECTED, me.actor(), CHANNEL,
          "terminalConfirmation", why, Map.of("verifiedBy", me.method().id));
      throw new DeployException(DeployException.Kind.NEEDS_HUMAN, "not " + action + "d: " + why,
          "run it again and type " + id + " exactly, or sign it: " + ApprovalRules.signedCommand(id, decision));
    }
    return me;
  }
}
