package dev.deploypipeline.mcp;

import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.Views;
import dev.deploypipeline.workflow.Approval;
import dev.deploypipeline.workflow.Deployment;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;

/** deploy_approve: the human's decision at the prod gate; an approval continues to prod in the background. */
public final class DeployApproveTool implements McpTool {
  private final DeploymentService service;
  private final Waiter waiter;

  public DeployApproveTool(DeploymentService service, Waiter waiter) {
    this.service = service;
    this.waiter = waiter;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolSupport.tool("deploy_approve", "Approve or reject a prod deployment",
        "Record a human's decision for a deployment in awaiting-approval: approve continues to deploying-prod, "
            + "reject ends it as failed. Records who decided (DEPLOY_PIPELINE_USER, git user.email or the OS "
            + "user). Only for a decision the user has explicitly given. With wait=true it blocks until prod is done.",
        "{\"type\":\"object\",\"properties\":{\"deploymentId\":" + Schemas.DEPLOYMENT_ID + ","
            + "\"decision\":{\"type\":\"string\",\"enum\":[\"approve\",\"reject\"]},"
            + "\"comment\":{\"type\":\"string\",\"maxLength\":2000},"
            + "\"wait\":{\"type\":\"boolean\",\"default\":false},"
            + "\"waitTimeoutSeconds\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":3600,\"default\":900}},"
            + "\"required\":[\"deploymentId\",\"decision\"],\"additionalProperties\":false}",
        Schemas.deploymentOutput(), ToolSupport.annotations("Approve or reject", false, false, false),
        Map.of("anthropic/requiresUserInteraction", true));
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext ctx, Map<String, Object> arguments) {
    return ToolSupport.guarded(() -> {
      Args a = new Args(arguments);
      String id = a.required("deploymentId", DeployStatusTool.ID, "a deployment id such as d-42");
      String decision = a.oneOf("decision", List.of(Approval.APPROVE, Approval.REJECT), null);
      String comment = a.optional("comment", null, "a comment");
      boolean wait = a.flag("wait", false);
      int timeout = a.integer("waitTimeoutSeconds", 1, 3600, 900);
      Deployment d = service.decide(id, decision, service.actor(), comment);
      if (Approval.APPROVE.equals(decision)) {
        var run = service.driveAsync(id);
        d = wait ? waiter.await(id, run, timeout, ctx) : service.get(id);
      }
      return ToolSupport.ok(id + " " + decision + "d by " + service.actor() + "; now " + d.state().id() + ".",
          Views.deployment(d, waiter.clock()));
    });
  }
}
