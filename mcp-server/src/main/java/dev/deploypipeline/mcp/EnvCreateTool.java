package dev.deploypipeline.mcp;

import dev.deploypipeline.config.EnvironmentEdits;
import dev.deploypipeline.deploy.DeployException;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.EnvironmentChanges;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code env_create}: adds an environment to the config file. The edit is checked exactly as loading the config
 * checks it, so an invalid one writes nothing and its error names the path; the change is audited.
 */
public final class EnvCreateTool implements McpTool {
  static final String NAME = "env_create";
  private static final Pattern URL = Pattern.compile("https?://\\S{1,2000}");

  private final DeploymentService service;
  private final EnvironmentChanges changes;

  public EnvCreateTool(DeploymentService service, EnvironmentChanges changes) {
    this.service = service;
    this.changes = changes;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolSupport.tool(NAME, "Create an environment",
        "Adds an environment to .claude/deployment-config.json (or .yaml): its type, url, other keys (spec: deploy, "
            + "rollback, target, router, strategy, healthCheck, variables, secrets, approvers ... as in the config "
            + "file) and its place on the promotion path: after an environment (a new step) or parallelWith one "
            + "(the same step, deployed together); with neither it is off the path and deployed only by name. The "
            + "edited config goes through the same validation as loading it: when invalid nothing is written and "
            + "the error names each bad path. A production environment waits for approval like prod. Audited.",
        "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"environment\":{\"type\":\"string\","
            + "\"pattern\":\"^[a-z][a-z0-9-]{0,30}$\",\"description\":\"The new environment's name: a lowercase letter, "
            + "then lowercase letters, digits or '-' (e.g. qa, prod-eu)\"},"
            + "\"type\":{\"type\":\"string\",\"enum\":[\"development\",\"staging\",\"production\"]},"
            + "\"url\":{\"type\":\"string\",\"pattern\":\"^https?://\\\\S+$\",\"maxLength\":2000,\"description\":\"Where "
            + "the environment answers\"},"
            + "\"after\":{\"type\":\"string\",\"pattern\":\"^[a-z][a-z0-9-]{0,30}$\",\"description\":\"A new step "
            + "on the promotion path after this environment's\"},"
            + "\"parallelWith\":{\"type\":\"string\",\"pattern\":\"^[a-z][a-z0-9-]{0,30}$\",\"description\":\"Join "
            + "this environment's step (not with after)\"},"
            + "\"spec\":{\"type\":\"object\",\"description\":\"The environment's other keys as in the config file, "
            + "e.g. {\\\"deploy\\\":{\\\"command\\\":\\\"scripts/deploy.sh qa\\\"}}; use ${VAR} for secrets, never "
            + "a value\"}},\"required\":[\"environment\",\"type\"]}",
        EnvShowTool.definitionOutput(),
        ToolSupport.annotations("Create an environment", false, false, false), null);
  }

  @Override
  @SuppressWarnings("unchecked")
  public McpSchema.CallToolResult call(ToolContext context, Map<String, Object> arguments) {
    return ToolSupport.guarded(() -> {
      Args a = new Args(arguments);
      String env = a.required("environment", EnvShowTool.ENVIRONMENT, "an environment name (a lowercase letter, "
          + "then lowercase letters, digits or '-')");
      String type = a.oneOf("type", EnvironmentEdits.TYPES, null);
      String url = a.optional("url", URL, "an http(s) URL");
      String after = a.optional("after", EnvShowTool.ENVIRONMENT, "an environment on the promotion path");
      String parallel = a.optional("parallelWith", EnvShowTool.ENVIRONMENT, "an environment on the promotion path");
      Object spec = arguments == null ? null : arguments.get("spec");
      if (spec != null && !(spec instanceof Map)) {
        throw new DeployException(DeployException.Kind.BAD_INPUT, "spec: must be an object (the environment's keys)",
            "pass e.g. {\"deploy\": {\"command\": \"scripts/deploy.sh\"}}");
      }
      Map<String, Object> view = changes.create(new EnvironmentChanges.Create(env, type, url,
          spec == null ? Map.of() : (Map<String, Object>) spec, new EnvironmentEdits.Placement(after, parallel)),
          service.actor(), "mcp");
      return ToolSupport.ok("created " + env + " (" + view.get("type") + ")" + (view.get("step") == null
          ? ", off the promotion path" : ", step " + view.get("step") + " of the promotion path"), view);
    });
  }
}
