package dev.deploypipeline.mcp;

import dev.deploypipeline.approval.Approver;
import dev.deploypipeline.deploy.ApprovalGate;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.Views;
import dev.deploypipeline.workflow.Approval;
import dev.deploypipeline.workflow.Deployment;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;

/**
 * deploy_approve: the human's decision at the prod gate; an approval continues to prod in the background. For a
 * gated prod the decision is the one the human gives in an elicitation form, never the model's argument alone;
 * the rules behind it live in {@link ApprovalGate} and the service, this class only talks elicitation.
 */
public final class DeployApproveTool implements McpTool {
  private final DeploymentService service;
  private final Waiter waiter;
  private final ApprovalGate gate;

  public DeployApproveTool(DeploymentService service, Waiter waiter) {
    this.service = service;
    this.waiter = waiter;
    this.gate = new ApprovalGate(service);
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolSupport.tool("deploy_approve", "Approve or reject a prod deployment",
        "Record a human's decision for a deployment in awaiting-approval: approve continues to deploying-prod, "
            + "reject ends it as failed. For prod the user is asked in a confirmation form and their answer "
            + "decides; a client that cannot show the form (e.g. headless runs) is refused with the terminal "
            + "command a human can run. An accepted form proves a human clicked, not who: when prod names approvers "
            + "or forbids self-approval, this tool refuses and returns the signed CLI command (deploy approve ID "
            + "--sign KEY) instead. With wait=true it blocks until prod is done.",
        "{\"type\":\"object\",\"properties\":{\"deploymentId\":" + Schemas.DEPLOYMENT_ID + ","
            + "\"decision\":{\"type\":\"string\",\"enum\":[\"approve\",\"reject\"]},"
            + "\"comment\":{\"type\":\"string\",\"maxLength\":2000},"
            + "\"wait\":{\"type\":\"boolean\",\"default\":false},"
            + "\"waitTimeoutSeconds\":" + Schemas.WAIT_TIMEOUT + "},"
            + "\"required\":[\"deploymentId\",\"decision\"],\"additionalProperties\":false}",
        Schemas.deploymentOutput(), ToolSupport.annotations("Approve or reject", false, false, false),
        Map.of("anthropic/requiresUserInteraction", true));
  }

  /** The human's accepted answer, or the refusal (thrown) when nobody could or did confirm. */
  private Map<String, Object> ask(ToolContext ctx, String id, String decision, String comment,
      ApprovalGate.Summary summary, String actor) {
    if (ctx.exchange() == null || ctx.exchange().getClientCapabilities() == null
        || ctx.exchange().getClientCapabilities().elicitation() == null) {
      throw gate.refused(id, decision, "this client cannot ask a human (it did not declare the elicitation "
          + "capability)", actor);
    }
    Map<String, Object> schema = Map.of("type", "object", "properties", Map.of(
        "decision", Map.of("type", "string", "title", "Decision", "enum", List.of("approve", "reject"),
            "default", decision),
        "comment", Map.of("type", "string", "title", "Comment (recorded in the audit trail)", "maxLength", 2000,
            "default", comment == null ? "" : comment)),
        "required", List.of("decision"));
    McpSchema.ElicitResult r;
    try {
      r = ctx.exchange().createElicitation(McpSchema.ElicitFormRequest.builder(summary.message(), schema).build());
    } catch (RuntimeException e) {
      throw gate.refused(id, decision, "no answer to the confirmation form (" + e.getClass().getSimpleName()
          + ", e.g. a timeout)", actor);
    }
    return switch (r.action()) {
      case ACCEPT -> {
        Object chosen = r.content() == null ? null : r.content().get("decision");
        if (!(chosen instanceof String c) || !List.of(Approval.APPROVE, Approval.REJECT).contains(c)) {
          throw gate.refused(id, decision, "the form came back without a decision (approve or reject)", actor);
        }
        yield r.content();
      }
      case DECLINE -> throw gate.refused(id, decision, "the user declined the confirmation form", actor);
      case CANCEL -> throw gate.refused(id, decision, "the confirmation form was cancelled (headless runs such as "
          + "claude -p cancel every form)", actor);
    };
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext ctx, Map<String, Object> arguments) {
    return ToolSupport.guarded(() -> {
      Args a = new Args(arguments);
      String id = a.required("deploymentId", DeployStatusTool.ID, "a deployment id such as d-42");
      String decision = a.oneOf("decision", List.of(Approval.APPROVE, Approval.REJECT), null);
      String comment = a.optional("comment", null, "a comment");
      boolean wait = a.flag("wait", false);
      int timeout = a.waitTimeout();
      Deployment d;
      String actor = ctx.actor(service::actor);
      if (gate.needsHuman(id)) {
        ApprovalGate.Summary summary = gate.summarize(id, actor);
        gate.precheck(id, decision, actor);
        Map<String, Object> answer = ask(ctx, id, decision, comment, summary, actor);
        decision = (String) answer.get("decision");
        comment = answer.get("comment") instanceof String c && !c.isBlank() ? c : comment;
        d = gate.confirmed(id, decision, comment, actor);
      } else {
        d = service.approvals().decide(id, decision, Approver.unverified(actor, ApprovalGate.CHANNEL_MCP), comment);
      }
      if (Approval.APPROVE.equals(decision)) {
        var run = service.driveAsync(id);
        d = wait ? waiter.await(id, run, timeout, ctx) : service.get(id);
      }
      String who = d.approval() == null ? actor : d.approval().actor();
      return ToolSupport.ok(id + " " + decision + "d by " + who + "; now " + d.state().id() + ".",
          Views.deployment(d, waiter.clock(), McpVoice.INSTANCE));
    });
  }
}
