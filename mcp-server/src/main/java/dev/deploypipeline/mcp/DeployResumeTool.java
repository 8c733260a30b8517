package dev.deploypipeline.mcp;

import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.Views;
import dev.deploypipeline.workflow.Deployment;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** deploy_resume: take over a deployment whose driving process is gone (the CLI's {@code deploy resume}). */
public final class DeployResumeTool implements McpTool {
  private final DeploymentService service;
  private final Waiter waiter;

  public DeployResumeTool(DeploymentService service, Waiter waiter) {
    this.service = service;
    this.waiter = waiter;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolSupport.tool("deploy_resume", "Resume a stalled deployment",
        "Take over a deployment whose driving process is gone (deploy_status shows stalled=true), or drive prod "
            + "after an approval recorded without waiting. An interrupted stage runs again only if it is marked "
            + "idempotent; a Harness stage re-attaches to its recorded execution; any other interrupted stage "
            + "fails as interrupted (start a new deployment to retry). Refused while a live process drives it. "
            + "Servers also resume expired deployments on their own within 30 s.",
        "{\"type\":\"object\",\"properties\":{\"deploymentId\":" + Schemas.DEPLOYMENT_ID + ","
            + "\"wait\":{\"type\":\"boolean\",\"default\":false,"
            + "\"description\":\"Block until awaiting-approval, completed or failed\"},"
            + "\"waitTimeoutSeconds\":" + Schemas.WAIT_TIMEOUT + "},"
            + "\"required\":[\"deploymentId\"],\"additionalProperties\":false}",
        Schemas.deploymentOutput(), ToolSupport.annotations("Resume a stalled deployment", false, false, true),
        null);
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext ctx, Map<String, Object> arguments) {
    return ToolSupport.guarded(() -> {
      Args a = new Args(arguments);
      String id = a.required("deploymentId", DeployStatusTool.ID, "a deployment id such as d-42");
      boolean wait = a.flag("wait", false);
      int timeout = a.waitTimeout();
      service.get(id);
      CompletableFuture<Deployment> run = service.resumeAsync(id);
      Deployment now = wait ? waiter.await(id, run, timeout, ctx) : service.get(id);
      return ToolSupport.ok(id + " resumed; it is " + now.state().id() + ".",
          Views.deployment(now, waiter.clock(), McpVoice.INSTANCE));
    });
  }
}
