package dev.deploypipeline.mcp;

import dev.deploypipeline.approval.Approver;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.EnvironmentChanges;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/**
 * {@code env_delete}: removes a non-production environment from the config file and the promotion path. Nothing
 * over MCP proves which human asked, so a production environment is refused (audited) with the terminal command as
 * the next step.
 */
public final class EnvDeleteTool implements McpTool {
  static final String NAME = "env_delete";

  private final DeploymentService service;
  private final EnvironmentChanges changes;

  public EnvDeleteTool(DeploymentService service, EnvironmentChanges changes) {
    this.service = service;
    this.changes = changes;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolSupport.tool(NAME, "Delete an environment",
        "Removes a development or staging environment from the config file and from the promotion path (its env "
            + "files and past deployments stay). Refused while a deployment is active there, when it would leave "
            + "the promotion path empty, or when the config would no longer be valid (nothing is written then). "
            + "A production environment is never deleted over MCP: the error's nextStep is the terminal command, "
            + "where a human types its name or signs with --sign. Audited.",
        "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{" + EnvShowTool.ENVIRONMENT_ARG + "},"
            + "\"required\":[\"environment\"]}",
        ToolSupport.outputSchema("\"deleted\":{\"type\":\"string\"},\"type\":{\"type\":\"string\"},"
            + "\"wasOnPath\":{\"type\":\"boolean\"},\"path\":{\"type\":\"array\",\"items\":{\"type\":\"array\","
            + "\"items\":{\"type\":\"string\"}},\"description\":\"The promotion path afterwards, step by step\"},"
            + "\"deletedBy\":{\"type\":\"string\"},\"verifiedBy\":{\"type\":\"string\"},\"file\":{\"type\":\"string\"},"
            + "\"note\":{\"type\":\"string\"}", "deleted", "path"),
        ToolSupport.annotations("Delete an environment", false, true, false), null);
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext context, Map<String, Object> arguments) {
    return ToolSupport.guarded(() -> {
      String env = new Args(arguments).required("environment", EnvShowTool.ENVIRONMENT, "an environment name");
      Map<String, Object> out = changes.delete(env, Approver.unverified(service.actor(), "mcp"));
      return ToolSupport.ok("deleted " + env + "; the promotion path is now " + out.get("path"), out);
    });
  }
}
