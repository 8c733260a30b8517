package dev.deploypipeline.deploy;

import dev.deploypipeline.approval.Approver;
import dev.deploypipeline.approval.ApprovalPayload;
import dev.deploypipeline.approval.SshSignatures;
import dev.deploypipeline.store.AuditEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-checks the SSH signatures stored on audit lines ({@code deploy audit --verify}): each must still verify with
 * today's allowed-signers file for the recorded principal, and its payload must name the line's deployment and
 * decision. The hash chain proves the lines were not edited; this proves who signed them.
 */
public final class AuditSignatures {
  /** One signed line's result; {@code problem} is null when it verifies. */
  public record Check(long seq, String deploymentId, String event, String principal, String problem) {
    public boolean ok() {
      return problem == null;
    }
  }

  private AuditSignatures() {}

  public static List<Check> verify(List<AuditEntry> entries, Path allowedSigners) {
    List<Check> out = new ArrayList<>();
    for (AuditEntry e : entries) {
      if (!Approver.Method.SSH_SIGNATURE.id.equals(e.details().get("verifiedBy"))) continue;
      if (!List.of("APPROVED", "REJECTED", "OVERRIDDEN").contains(e.event())) continue;
      String principal = String.valueOf(e.details().get("principal"));
      out.add(new Check(e.seq(), e.deploymentId(), e.event(), principal, problem(e, principal, allowedSigners)));
    }
    return out;
  }

  private static String problem(AuditEntry e, String principal, Path allowedSigners) {
    if (!(e.details().get("signedPayload") instanceof String payload)
        || !(e.details().get("signature") instanceof String signature)) {
      return "the line says it was signed but holds no signature or payload";
    }
    try {
      if ("OVERRIDDEN".equals(e.event())) {
        // An override is signed before the deployment exists: it names the version and target, not an id.
        dev.deploypipeline.approval.OverridePayload o = dev.deploypipeline.approval.OverridePayload.parse(payload);
        if (!o.version().equals(e.details().get("version")) || !o.environment().equals(e.details().get("environment"))) {
          return "the signed override is for " + o.version() + " to " + o.environment() + ", the line records "
              + e.details().get("version") + " to " + e.details().get("environment");
        }
        return principalProblem(SshSignatures.verify(allowedSigners, payload, signature), principal);
      }
      ApprovalPayload p = ApprovalPayload.parse(payload);
      String decision = "APPROVED".equals(e.event()) ? "approve" : "reject";
      if (!p.deploymentId().equals(e.deploymentId()) || !p.decision().equals(decision)) {
        return "the signed payload is for " + p.deploymentId() + " " + p.decision() + ", the line records "
            + e.deploymentId() + " " + e.event();
      }
      return principalProblem(SshSignatures.verify(allowedSigners, payload, signature), principal);
    } catch (IllegalArgumentException | SshSignatures.SignatureException ex) {
      return ex.getMessage();
    }
  }

  private static String principalProblem(SshSignatures.Verified v, String principal) {
    return v.principals().contains(principal) ? null
        : "the key is listed for " + v.principals() + " now, not for the recorded " + principal;
  }
}
