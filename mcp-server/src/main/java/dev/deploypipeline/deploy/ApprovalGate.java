package dev.deploypipeline.deploy;

import static dev.deploypipeline.deploy.DeployException.Kind.NEEDS_HUMAN;

import dev.deploypipeline.approval.ApprovalRules;
import dev.deploypipeline.approval.Approver;
import dev.deploypipeline.store.HistoryQuery;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.DeploymentSummary;
import dev.deploypipeline.workflow.Event;
import dev.deploypipeline.workflow.State;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The decisions behind an approval that must come from a human through a front end that can ask one (MCP
 * elicitation): what to show, how to record a confirmed answer, and how to refuse when nobody could be asked. The
 * MCP tool only carries the conversation; every rule stays in {@link DeploymentService}.
 */
public final class ApprovalGate {
  public static final String CHANNEL_ELICITATION = "mcp-elicitation";
  public static final String CHANNEL_MCP = "mcp";
  static final int MAX_CHANGES = 20;

  /**
   * What the human is asked to confirm. {@code changes} are {@code git log --oneline} lines, newest first;
   * {@code diff} is the short {@link DeployDiff#summary()} (commits by type, config changes, changelog).
   */
  public record Summary(String deploymentId, String service, String branch, String commit, String startedBy,
      String prodDeploymentId, String prodCommit, List<String> changes, boolean moreChanges, String identity,
      String diff) {
    public String message() {
      return body() + "Your answer is recorded as a confirmation by a human in this client (" + identity
          + " is not verified). Approve or reject?";
    }

    /** What reaches prod: the deployment and the commits since prod, one per line. */
    public String body() {
      StringBuilder sb = new StringBuilder("Deploy to PROD: ").append(service).append(" @ ").append(commit, 0,
          Math.min(12, commit.length())).append(" (").append(branch).append("), deployment ").append(deploymentId)
          .append(", started by ").append(startedBy).append(".\n");
      sb.append(prodCommit == null ? "No earlier prod deployment; latest commits:\n"
          : "Changes since prod (" + prodCommit.substring(0, Math.min(12, prodCommit.length())) + ", "
              + prodDeploymentId + "):\n");
      if (changes.isEmpty()) sb.append("  (no commits)\n");
      changes.forEach(c -> sb.append("  ").append(c).append('\n'));
      if (moreChanges) sb.append("  … more (git log ").append(prodCommit == null ? "" : prodCommit + "..")
          .append(commit).append(")\n");
      if (diff != null && !diff.isBlank()) {
        List<String> lines = diff.lines().toList();
        sb.append("Diff ").append(lines.get(0)).append('\n');
        lines.stream().skip(1).forEach(l -> sb.append("  ").append(l).append('\n'));
      }
      return sb.toString();
    }
  }

  private final DeploymentService service;

  public ApprovalGate(DeploymentService service) {
    this.service = service;
  }

  /** True when the decision must come from a human (prod requires approval by the policy in force). */
  public boolean needsHuman(String id) {
    return service.approvals().policy(service.get(id)).gate().requiresApproval();
  }

  /**
   * Refuses before the form is shown when an accepted form could not satisfy the policy (an approvers list or
   * preventSelfApproval need a verified identity), so nobody is asked for an answer that cannot count.
   * {@code actor} is who the front end says answers (the server's user over stdio, a token's user over HTTP).
   */
  public void precheck(String id, String decision, String actor) {
    service.approvals().precheck(id, decision, Approver.clicked(actor, CHANNEL_ELICITATION));
  }

  /** What will reach prod; throws if the deployment is not at the gate (nothing to ask then). */
  public Summary summarize(String id) {
    return summarize(id, service.actor());
  }

  /** As {@link #summarize(String)}, naming {@code actor} as who answers. */
  public Summary summarize(String id, String actor) {
    Deployment d = service.get(id);
    // A rollout parked for a human is decided at this same gate (see StepApprovals).
    if (dev.deploypipeline.engine.ProgressiveStage.parked(d).isEmpty()) {
      service.requireLegal(d, dev.deploypipeline.workflow.Event.APPROVED);
    }
    // What the gate releases is compared with what last completed in the gated environment (prod by default).
    List<DeploymentSummary> prod = service.store().history(new HistoryQuery(d.service(),
        Approvals.gateEnvironment(d.routeOrDefault()), State.COMPLETED, null, 1));
    DeploymentSummary last = prod.isEmpty() ? null : prod.get(0);
    String range = last == null ? d.commit() : last.commit() + ".." + d.commit();
    String log = Git.run(service.projectDir(), "log", "--oneline", "--no-decorate", "-n",
        String.valueOf(MAX_CHANGES + 1), range);
    List<String> lines = log == null || log.isBlank() ? List.of() : Arrays.asList(log.split("\n"));
    return new Summary(id, d.service(), d.branch(), d.commit(), d.startedBy(), last == null ? null : last.id(),
        last == null ? null : last.commit(), lines.stream().limit(MAX_CHANGES).toList(), lines.size() > MAX_CHANGES,
        actor, new DeployDiffs(service).summaryFor(d, Approvals.environmentOf(d)));
  }

  /**
   * The human accepted the form: a human clicked, but who is not proven, so the decision is recorded under
   * {@code actor} (the claimed user) and marked as an unverified confirmation.
   */
  public Deployment confirmed(String id, String decision, String comment, String actor) {
    return service.approvals().decide(id, decision, Approver.clicked(actor, CHANNEL_ELICITATION), comment);
  }

  /** Nobody confirmed: nothing is approved; the refusal is audited and names the command a human can run. */
  public DeployException refused(String id, String decision, String why, String actor) {
    String command = terminalCommand(id, decision);
    service.refusal(id, "reject".equals(decision) ? Event.REJECTED : Event.APPROVED, actor, CHANNEL_MCP,
        "humanConfirmation", why, Map.of());
    return new DeployException(NEEDS_HUMAN, "not " + decision + "d: " + why + ". A prod decision needs a human.",
        "a human runs in a terminal: " + command + " (or signs it: " + ApprovalRules.signedCommand(id, decision)
            + ")", Map.of("terminalCommand", command, "signedCommand", ApprovalRules.signedCommand(id, decision),
            "deploymentId", id));
  }

  public static String terminalCommand(String id, String decision) {
    return "reject".equals(decision) ? "deployment-pipeline deploy reject " + id + " -m \"<reason>\""
        : "deployment-pipeline deploy approve " + id;
  }
}
