package dev.deploypipeline.mcp;

import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.FeatureFlags;
import dev.deploypipeline.deploy.Views;
import dev.deploypipeline.workflow.Deployment;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Pattern;

/** deploy_status: one deployment in full, or with no id the active and latest deployment per service. */
public final class DeployStatusTool implements McpTool {
  public static final String NAME = "deploy_status";
  public static final Pattern ID = Pattern.compile("d-[0-9]{1,12}");

  private final DeploymentService service;
  private final Clock clock;
  private final FeatureFlags flags;

  public DeployStatusTool(DeploymentService service, Clock clock) {
    this(service, clock, null);
  }

  /** {@code flags} (may be null) adds each environment's flag state when the config has a flags section. */
  public DeployStatusTool(DeploymentService service, Clock clock, FeatureFlags flags) {
    this.service = service;
    this.clock = clock;
    this.flags = flags;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolSupport.tool(NAME, "Deployment status",
        "Show one deployment: state, each stage with attempts, retries and duration, the log tail of the running "
            + "or failed stage, the approval, the environments reached, and the next step. With no deploymentId: "
            + "the active deployments and the latest deployment of each service. For an active deployment, "
            + "approvalPolicy is the prod gate in force, with warnings about ignored working-tree edits. With a "
            + "flags section, flags is each feature flag's state per environment.",
        "{\"type\":\"object\",\"properties\":{\"deploymentId\":" + Schemas.DEPLOYMENT_ID
            + "},\"additionalProperties\":false}",
        ToolSupport.outputSchema(Schemas.DEPLOYMENT_PROPS + ",\"active\":{\"type\":\"array\",\"items\":"
            + Schemas.SUMMARY_ITEM + "},\"latestPerService\":{\"type\":\"object\"},\"flags\":{\"type\":\"object\"}", "nextStep"),
        ToolSupport.annotations("Deployment status", true, false, true), null);
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext ctx, Map<String, Object> arguments) {
    return ToolSupport.guarded(() -> {
      String id = new Args(arguments).optional("deploymentId", ID, "a deployment id such as d-42");
      if (id == null) {
        var o = service.overview();
        Map<String, Object> view = new java.util.LinkedHashMap<>(Views.overview(o, McpVoice.INSTANCE));
        addFlags(view);
        return ToolSupport.ok(o.active().size() + " active deployment(s).", view);
      }
      Deployment d = service.get(id);
      Map<String, Object> view = new java.util.LinkedHashMap<>(Views.deployment(d, clock, McpVoice.INSTANCE));
      addFlags(view);
      if (d.state().isTerminal()) return ToolSupport.ok(id + " is " + d.state().id() + ".", view);
      var policy = service.approvals().policy(d);
      view.put("approvalPolicy", dev.deploypipeline.deploy.Approvals.view(policy));
      return ToolSupport.ok(id + " is " + d.state().id() + "." + ToolSupport.warnings(policy.warnings()), view);
    });
  }

  private void addFlags(Map<String, Object> view) {
    Map<String, Object> state = flags == null ? null : flags.status();
    if (state != null) view.put("flags", state);
  }
}
