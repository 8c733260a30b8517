package dev.deploypipeline.dashboard;

import dev.deploypipeline.deploy.Approvals;
import dev.deploypipeline.deploy.DeployDiffs;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.Views;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.StageRun;
import java.util.List;
import java.util.Map;

/**
 * {@code /deployments/{id}}: state, stages, log tail, rollout, audit trail and the actions the state allows. The
 * page subscribes to {@code /api/v1/events?deployment=ID} and re-reads its live parts on every event.
 */
final class DeploymentPage {
  private DeploymentPage() {}

  static String render(DeploymentService service, String id) {
    Deployment d = service.get(id);
    Map<String, Object> view = Views.deployment(d, service.clock(), DashboardVoice.INSTANCE);
    Html h = new Html().open("Deployment " + d.id(), "");
    h.raw("<div id=\"deployment\" data-deployment-id=\"").text(d.id()).raw("\">");
    h.raw("<p class=\"state-line\">State: <strong id=\"deployment-state\" data-state=\"").text(d.state().id())
        .raw("\" class=\"badge ").text(d.state().id()).raw("\">").text(d.state().id()).raw("</strong> ")
        .raw("<span class=\"live\">Updates: <span id=\"live-status\" role=\"status\">reconnecting</span></span></p>");
    h.raw("<dl class=\"facts\" id=\"facts\">");
    h.fact("Service", d.service());
    h.fact("Branch", d.branch());
    h.fact("Commit", d.commit());
    h.fact("Version", d.version());
    h.fact("Started by", d.startedBy());
    h.raw("<dt>Started</dt><dd>").time(d.createdAt(), "").raw("</dd>");
    if (d.approval() != null && d.approval().decision() != null) {
      h.fact("Prod approval", d.approval().decision() + " by " + d.approval().actor()
          + (d.approval().comment() == null ? "" : ": " + d.approval().comment()));
    }
    h.fact("Error", d.error());
    h.fact("Rollback reason", d.rollbackReason());
    h.raw("</dl><p id=\"next-step\">Next: ").text(view.get("nextStep")).raw("</p>");
    actions(h, view);
    if (d.state().isGate()) {
      // What the approval lets through, as the approval form and notification show it.
      String env = Approvals.gateEnvironment(d.routeOrDefault());
      h.raw("<h2 id=\"deploy-diff-title\">What reaches ").text(env).raw("</h2><pre id=\"deploy-diff\" tabindex=\"0\" "
          + "aria-labelledby=\"deploy-diff-title\">").text(new DeployDiffs(service).summaryFor(d, env)).raw("</pre>");
    }
    h.raw("<h2>Stages</h2><ol id=\"stages\">");
    for (StageRun s : d.stages()) {
      h.raw("<li data-stage=\"").text(s.stage()).raw("\" data-status=\"").text(s.status()).raw("\">")
          .raw("<span class=\"name\">")
          .text(s.stage()).raw("</span> <span class=\"badge ").text(s.status()).raw("\">").text(s.status())
          .raw("</span>");
      if (s.endedAt() != null) h.raw(" <span class=\"meta\">").text(TimelinePage.human(s.durationMs())).raw("</span>");
      if (s.attempts().size() > 1) {
        h.raw(" <span class=\"meta\">").text(s.attempts().size() + " attempts").raw("</span>");
      }
      var last = s.attempts().isEmpty() ? null : s.attempts().get(s.attempts().size() - 1);
      if (last != null && last.error() != null) h.raw("<div class=\"error\">").text(last.error()).raw("</div>");
      h.raw("</li>");
    }
    h.raw("</ol>");
    if (d.stages().isEmpty()) h.raw("<p>No stage has started yet.</p>");
    h.raw("<h2 id=\"log-title\">Log").text(view.get("logStage") == null ? "" : ": " + view.get("logStage"))
        .raw("</h2><pre id=\"log-tail\" tabindex=\"0\" aria-labelledby=\"log-title\">");
    Object tail = view.get("logTail");
    if (tail instanceof List<?> lines && !lines.isEmpty()) lines.forEach(l -> h.text(l).raw("\n"));
    else h.text("(no output yet)");
    h.raw("</pre>");
    if (view.get("rollout") instanceof Map<?, ?> r) RolloutSection.render(h, r);
    AuditSection.render(h, service.audit(d.id()), service.store().verifyAudit());
    h.raw("</div>");
    dialogs(h, d.id());
    return h.close().toString();
  }

  /** Only the buttons the state machine allows now; the API refuses the rest anyway. */
  private static void actions(Html h, Map<String, Object> view) {
    List<?> legal = (List<?>) view.get("legalEvents");
    boolean decide = "awaiting-approval".equals(view.get("state")) || legal.contains("APPROVED");
    h.raw("<div id=\"actions\" class=\"buttons\">");
    if (decide) {
      h.raw("<button type=\"button\" id=\"approve-button\" data-dialog=\"approve-dialog\">Approve…</button>")
          .raw("<button type=\"button\" id=\"reject-button\" data-dialog=\"reject-dialog\" class=\"secondary\">")
          .raw("Reject…</button>");
    }
    if (legal.contains("ROLLBACK")) {
      h.raw("<button type=\"button\" id=\"rollback-button\" data-dialog=\"rollback-dialog\" class=\"danger\">")
          .raw("Roll back…</button>");
    }
    h.raw("</div>");
  }

  private static void dialogs(Html h, String id) {
    h.dialog("approve", "Approve " + id + " for prod",
        "An approval needs a verified human: a signature from a key in the allowed-signers file over this "
            + "deployment's approval challenge. Run the command below in a terminal that holds your key, paste the "
            + "signature it prints, then confirm.<pre id=\"approve-sign-command\" tabindex=\"0\">(loading the "
            + "sign command…)</pre><details><summary>Challenge text</summary><pre id=\"approve-challenge\">"
            + "</pre></details>",
        "<label for=\"signature\">Signature (armored, from ssh-keygen -Y sign)</label>"
            + "<textarea id=\"signature\" name=\"signature\" rows=\"6\" spellcheck=\"false\"></textarea>"
            + "<label for=\"comment\">Comment (optional)</label><input id=\"comment\" name=\"comment\">", "Approve");
    h.dialog("reject", "Reject " + id, "The deployment stops at the gate and is marked failed; prod is not touched. "
        + "If the policy asks a verified human to reject too, sign with:<pre id=\"reject-sign-command\" tabindex=\"0\">"
        + "(the same way as an approval)</pre>",
        "<label for=\"reject-comment\">Reason</label><input id=\"reject-comment\" name=\"comment\">"
            + "<label for=\"reject-signature\">Signature (if required)</label><textarea id=\"reject-signature\" "
            + "name=\"signature\" rows=\"4\" spellcheck=\"false\"></textarea>", "Reject");
    h.dialog("rollback", "Roll back " + id, "Every environment this deployment reached goes back to the version it "
        + "replaced there.", "<label for=\"rollback-reason\">Reason (recorded in the audit trail)</label>"
        + "<input id=\"rollback-reason\" "
        + "name=\"reason\" required minlength=\"3\" maxlength=\"2000\">", "Roll back");
  }

}
