package dev.deploypipeline.mcp;

import dev.deploypipeline.deploy.EnvironmentCatalog;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code env_show}: one configured environment in full. Read-only; names and counts, never a secret value. */
public final class EnvShowTool implements McpTool {
  static final String NAME = "env_show";
  static final Pattern ENVIRONMENT = dev.deploypipeline.workflow.State.ENVIRONMENT_NAME_PATTERN;
  static final String ENVIRONMENT_ARG = "\"environment\":{\"type\":\"string\",\"pattern\":\"^[a-z][a-z0-9-]{0,30}$\","
      + "\"description\":\"A configured environment, e.g. staging or prod-eu (env_list names them)\"}";

  private final EnvironmentCatalog catalog;

  public EnvShowTool(EnvironmentCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolSupport.tool(NAME, "Show one environment",
        "One configured environment in full: its env_list row (type, url, what deploys it, step on the promotion "
            + "path, approval, variable and secret NAMES, env file counts), its config section exactly as written "
            + "in the config file (${VAR} references unexpanded), and the deployment running there now (current) "
            + "and the last one that touched it. Never returns a secret value. deploy_validate with this "
            + "environment checks that its url and its target answer.",
        "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{" + ENVIRONMENT_ARG + "},"
            + "\"required\":[\"environment\"]}",
        definitionOutput(),
        ToolSupport.annotations("Show one environment", true, false, true), null);
  }

  /** The shape of one environment in full (env_show, and env_create's answer). */
  static String definitionOutput() {
    return ToolSupport.outputSchema(EnvListTool.ROW_FACTS + EnvListTool.FILE_FACTS + ",\"config\":{\"type\":"
        + "\"object\",\"description\":\"The environment's section of the config file, as written\"},\"current\":"
        + "{\"type\":[\"object\",\"null\"],\"description\":\"The deployment running there (null: none yet)\"},"
        + "\"lastDeployment\":{\"type\":[\"object\",\"null\"]}", "environment", "configured", "config");
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext context, Map<String, Object> arguments) {
    return ToolSupport.guarded(() -> {
      String env = new Args(arguments).required("environment", ENVIRONMENT, "an environment name (lowercase "
          + "letters, digits, '-')");
      Map<String, Object> view = catalog.show(env);
      return ToolSupport.ok(env + ": " + view.get("type") + (view.get("step") == null ? ", off the promotion path"
          : ", step " + view.get("step") + " of the promotion path"), view);
    });
  }
}
