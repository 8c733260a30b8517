package dev.deploypipeline.mcp;

import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.Promotion;
import dev.deploypipeline.deploy.Views;
import dev.deploypipeline.workflow.Deployment;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/** deploy_promote: the version running in one environment goes to the next step of the promotion path. */
public final class DeployPromoteTool implements McpTool {
  private final DeploymentService service;
  private final Waiter waiter;

  public DeployPromoteTool(DeploymentService service, Waiter waiter) {
    this.service = service;
    this.waiter = waiter;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolSupport.tool("deploy_promote", "Promote to the next environment",
        "Promote the version currently running in `from` to the next step of the promotion path (a parallel "
            + "group such as prod-eu + prod-us goes as one step, deployed concurrently), without the build stages. "
            + "Refused, and audited, if the version has not passed every environment before that step; only a human "
            + "at a terminal can override (the error gives the command). A step behind the approval gate waits in "
            + "awaiting-approval. Returns the deploymentId and state at once; with wait=true it blocks until the "
            + "gate or the end.",
        """
        {"type":"object","properties":{
          "from":{"type":"string","pattern":"^[a-z][a-z0-9-]{0,30}$","description":"The environment whose running version is promoted, e.g. staging"},
          "service":{"type":"string","pattern":"^[a-z0-9][a-z0-9._-]{0,62}$","description":"Service name; default: the one .claude/deployment-config.json deploys"},
          "wait":{"type":"boolean","default":false,"description":"Block until awaiting-approval, completed or failed"},
          "waitTimeoutSeconds":%s
        },"required":["from"],"additionalProperties":false}""".formatted(Schemas.WAIT_TIMEOUT),
        Schemas.deploymentOutput(), ToolSupport.annotations("Promote", false, false, false), null);
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext ctx, Map<String, Object> arguments) {
    return ToolSupport.guarded(() -> {
      Args a = new Args(arguments);
      String from = a.required("from", DeployStartTool.ENVIRONMENT, "an environment name such as staging");
      String svc = a.optional("service", DeployStartTool.SERVICE, "a service name (lowercase letters, digits, . _ -)");
      boolean wait = a.flag("wait", false);
      int timeout = a.waitTimeout();
      Promotion p = service.promotions().planFrom(svc, from);
      Deployment d = service.promotions().start(p, ctx.actor(service::actor), "mcp", null);
      var run = service.driveAsync(d.id());
      Deployment now = wait ? waiter.await(d.id(), run, timeout, ctx) : service.get(d.id());
      Map<String, Object> view = Views.deployment(now, waiter.clock(), McpVoice.INSTANCE);
      return ToolSupport.ok("Deployment " + d.id() + " promotes " + p.service() + "@" + d.version() + " from " + from
          + " to " + p.target() + "; it is " + now.state().id() + ".", view);
    });
  }
}
