package dev.deploypipeline.cli;

import dev.deploypipeline.approval.Approver;
import dev.deploypipeline.approval.OverridePayload;
import dev.deploypipeline.deploy.DeployException;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.Promotion;
import dev.deploypipeline.deploy.PromotionOverrides;
import java.nio.file.Path;
import java.util.Map;

/**
 * What proves who overrides the promotion guard from the CLI, as at the approval gate: an SSH signature over the
 * override ({@code --sign}), else the OS user at a real terminal who types the version, else nothing (the service
 * then refuses, audited).
 */
final class PromotionDecision {
  static final String CHANNEL = "cli";

  private PromotionDecision() {}

  /** The override for {@code p}, or null when none was asked for or none is needed. */
  static PromotionOverrides.Override override(DeploymentService s, Promotion p, String reason, Path key) {
    if (reason == null) {
      if (key != null) System.err.println("note: --sign is ignored without --override-promotion");
      return null;
    }
    if (p.guardPasses()) {
      System.err.println("note: " + p.version().version() + " passed every environment before " + p.target()
          + "; nothing to override, --override-promotion is not recorded");
      return null;
    }
    PromotionOverrides po = s.promotions().overrides();
    if (key != null) {
      OverridePayload payload = po.payload(p, reason, s.clock());
      return new PromotionOverrides.Override(po.signed(p, reason, payload.text(), GateDecision.sign(key,
          payload.text()), CHANNEL), reason);
    }
    if (!Terminal.interactive()) {
      return new PromotionOverrides.Override(Approver.unverified(s.actor(), CHANNEL), reason);
    }
    PromotionOverrides.Override me = new PromotionOverrides.Override(po.atTerminal(p, CHANNEL), reason);
    po.require(p, me, CHANNEL);
    String v = p.version().version();
    String summary = "Override the promotion guard\n  " + p.service() + " " + v + " (" + p.version().commit()
        + ", " + p.version().source() + ")\n  to " + p.target() + "\n  not passed in: " + String.join(", ",
        p.missing()) + "\n  reason: " + reason + "\n\nYou are " + me.approver().actor()
        + " (OS user at this terminal).";
    if (!Terminal.confirmTyping(summary, v, "override", "the version")) {
      String why = "the version typed at the terminal did not match " + v;
      po.refuse(p, me.approver().actor(), CHANNEL, "terminalConfirmation", why,
          Map.of("verifiedBy", me.approver().method().id));
      throw new DeployException(DeployException.Kind.NEEDS_HUMAN, "not overridden: " + why,
          "run it again and type " + v + " exactly, or sign it with --sign ~/.ssh/id_ed25519");
    }
    return me;
  }
}
