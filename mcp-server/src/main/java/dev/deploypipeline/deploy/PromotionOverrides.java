package dev.deploypipeline.deploy;

import static dev.deploypipeline.deploy.DeployException.Kind.GUARD;
import static dev.deploypipeline.deploy.DeployException.Kind.NEEDS_HUMAN;

import dev.deploypipeline.approval.AllowedSigners;
import dev.deploypipeline.approval.Approver;
import dev.deploypipeline.approval.EffectivePolicy;
import dev.deploypipeline.approval.OsUser;
import dev.deploypipeline.approval.OverridePayload;
import dev.deploypipeline.approval.SshSignatures;
import dev.deploypipeline.workflow.Event;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Who may override the promotion guard, and what proves it: the same proofs as the approval gate (an OS user at a
 * real terminal, or an SSH signature by a key in the allowed-signers file), never a claimed name nor an MCP form,
 * because the override skips environments a human would otherwise have seen the version pass. When the target
 * environment names approvers, the overrider must be one of them.
 */
public final class PromotionOverrides {
  /** A verified human's override and why. */
  public record Override(Approver approver, String reason) {}

  private final DeploymentService service;

  PromotionOverrides(DeploymentService service) {
    this.service = service;
  }

  /** What a human signs to override the guard for {@code p} with {@code reason}: fresh (now, new nonce). */
  public OverridePayload payload(Promotion p, String reason, Clock clock) {
    return new OverridePayload(PromotionGuard.RULE, p.service(), p.target(), p.version().version(),
        p.version().commit(), oneLine(reason), clock.instant(), UUID.randomUUID().toString());
  }

  /** The OS user at a terminal (who then confirms by typing the version), with their allowed-signers aliases. */
  public Approver atTerminal(Promotion p, String channel) {
    String user = OsUser.name();
    return new Approver(user, Approver.Method.TERMINAL, AllowedSigners.aliases(policy(p).allowedSigners(), user),
        channel, Map.of("osUser", user));
  }

  /** Checks a signed override for {@code p}; a bad one is refused (audited) and thrown. */
  public Approver signed(Promotion p, String reason, String payloadText, String signature, String channel) {
    Path signers = policy(p).allowedSigners();
    String why;
    SshSignatures.Verified v = null;
    try {
      why = mismatch(OverridePayload.parse(payloadText), p, oneLine(reason), service.clock().instant());
      if (why == null) v = SshSignatures.verify(signers, payloadText, signature);
    } catch (IllegalArgumentException | SshSignatures.SignatureException e) {
      why = e.getMessage();
    }
    if (why != null) {
      refuse(p, service.actor(), channel, "signature", why, Map.of());
      throw new DeployException(GUARD, "override signature refused: " + why, "sign the override again now with a "
          + "key listed in the allowed-signers file (--sign ~/.ssh/id_ed25519)");
    }
    return Approver.signed(v, signers, payloadText, signature, channel);
  }

  static String mismatch(OverridePayload o, Promotion p, String reason, Instant now) {
    if (!PromotionGuard.RULE.equals(o.rule())) return "the signed override is for rule '" + o.rule() + "'";
    if (!o.service().equals(p.service()) || !o.environment().equals(p.target())
        || !o.version().equals(p.version().version()) || !o.commit().equals(p.version().commit())) {
      return "the signed override is for " + o.service() + " " + o.version() + " (" + o.commit() + ") to "
          + o.environment() + ", not " + p.service() + " " + p.version().version() + " to " + p.target();
    }
    if (!o.reason().equals(reason)) return "the signed reason differs from --override-promotion's";
    if (o.signedAt().isBefore(now.minus(Approvals.MAX_SIGNATURE_AGE))
        || o.signedAt().isAfter(now.plus(Approvals.MAX_CLOCK_SKEW))) {
      return "the override was signed at " + o.signedAt() + ", outside the "
          + Approvals.MAX_SIGNATURE_AGE.toMinutes() + " minutes a signature stays valid";
    }
    return null;
  }

  /**
   * Accepts {@code o} for {@code p} or refuses it (audited, rule {@value PromotionGuard#RULE}): the approver must be
   * a verified human and, where the target's environments name approvers, one of them.
   */
  public void require(Promotion p, Override o, String channel) {
    Approver a = o.approver();
    if (!a.method().identifies) {
      String why = "overriding the promotion guard needs a verified human: a terminal to confirm at, or an SSH "
          + "signature (" + (a.method() == Approver.Method.MCP_ACCEPT ? "an accepted form" : "a claimed name")
          + " proves nothing)";
      refuse(p, a.actor(), channel, PromotionGuard.RULE, why, Map.of("verifiedBy", a.method().id));
      throw new DeployException(NEEDS_HUMAN, why, "a human runs it at a terminal: " + command(p));
    }
    for (String env : p.environments()) {
      List<String> approvers = policy(p, env).gate().approvers();
      if (!approvers.isEmpty() && a.identities().stream().noneMatch(approvers::contains)) {
        String why = "'" + a.actor() + "' may not override the promotion guard for " + env + " (verified by "
            + a.method().id + "); its approvers: " + String.join(", ", approvers);
        refuse(p, a.actor(), channel, PromotionGuard.RULE, why, Map.of("verifiedBy", a.method().id));
        throw new DeployException(GUARD, why, "an approver of " + env + " overrides it: " + command(p));
      }
    }
  }

  /** What the audit line of an accepted override holds: who, how verified, why, and what was skipped. */
  static Map<String, Object> details(Promotion p, Override o) {
    Map<String, Object> d = new LinkedHashMap<>(o.approver().evidence());
    d.put("rule", PromotionGuard.RULE);
    d.put("reason", o.reason());
    d.put("environment", p.target());
    d.put("version", p.version().version());
    d.put("missing", p.missing());
    d.put("channel", o.approver().channel());
    d.put("verifiedBy", o.approver().method().id);
    return d;
  }

  /** The terminal command that overrides the guard for {@code p}. */
  static String command(Promotion p) {
    return "deployment-pipeline deploy " + (p.from() != null ? "promote --from " + p.from()
        : "start --env " + p.target() + " --version " + p.version().version())
        + " --override-promotion \"<reason>\" (at a terminal, or add --sign ~/.ssh/id_ed25519)";
  }

  public void refuse(Promotion p, String actor, String channel, String rule, String why, Map<String, Object> more) {
    Map<String, Object> m = new LinkedHashMap<>(more);
    m.put("service", p.service());
    m.put("version", p.version().version());
    m.put("environment", p.target());
    m.put("missing", p.missing());
    service.refusal(null, Event.START, actor, channel, rule, why, m);
  }

  private EffectivePolicy policy(Promotion p) {
    return policy(p, p.environments().get(0));
  }

  private EffectivePolicy policy(Promotion p, String env) {
    return service.approvals().policy(p.service(), env, p.version().commit(), service.config().environment(env));
  }

  static String oneLine(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new DeployException(DeployException.Kind.BAD_INPUT, "--override-promotion: give the reason (recorded)",
          "e.g. --override-promotion \"hotfix for INC-42, staging is down\"");
    }
    if (reason.contains("\n") || reason.contains("\r")) {
      throw new DeployException(DeployException.Kind.BAD_INPUT, "--override-promotion: the reason must be one line",
          "put the reason on one line");
    }
    return reason.strip();
  }
}
