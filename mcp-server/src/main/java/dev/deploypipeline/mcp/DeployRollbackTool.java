package dev.deploypipeline.mcp;

import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.Views;
import dev.deploypipeline.workflow.Deployment;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.util.Map;

/** deploy_rollback: undo a deployment in every environment it touched, newest first. */
public final class DeployRollbackTool implements McpTool {
  private final DeploymentService service;
  private final Clock clock;

  public DeployRollbackTool(DeploymentService service, Clock clock) {
    this.service = service;
    this.clock = clock;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolSupport.tool("deploy_rollback", "Roll back a deployment",
        "Roll a deployment back: stop driving it, run each reached environment's rollback (newest first) with the "
            + "release it replaced, health-check, and end in rolled-back. Legal from failed, completed, "
            + "awaiting-approval and deploying-*. Returns the final deployment; on a failed step the state is "
            + "unchanged and the error names the environment.",
        "{\"type\":\"object\",\"properties\":{\"deploymentId\":" + Schemas.DEPLOYMENT_ID + ","
            + "\"reason\":{\"type\":\"string\",\"minLength\":3,\"maxLength\":2000,"
            + "\"description\":\"Why: recorded in the audit trail\"}},"
            + "\"required\":[\"deploymentId\",\"reason\"],\"additionalProperties\":false}",
        Schemas.deploymentOutput(), ToolSupport.annotations("Roll back a deployment", false, true, false),
        Map.of("anthropic/requiresUserInteraction", true));
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext ctx, Map<String, Object> arguments) {
    return ToolSupport.guarded(() -> {
      Args a = new Args(arguments);
      String id = a.required("deploymentId", DeployStatusTool.ID, "a deployment id such as d-42");
      String reason = a.required("reason", null, "why it is rolled back");
      ctx.progress(0, 1.0, id + ": rolling back");
      Deployment d;
      try {
        d = service.rollback(id, reason, service.actor());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while rolling back " + id, e);
      }
      ctx.progress(1, 1.0, id + ": " + d.state().id());
      return ToolSupport.ok(id + " rolled back (" + reason + ").", Views.deployment(d, clock, McpVoice.INSTANCE));
    });
  }
}
