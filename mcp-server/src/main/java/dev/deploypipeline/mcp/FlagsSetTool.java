package dev.deploypipeline.mcp;

import dev.deploypipeline.approval.Approver;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.FeatureFlags;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code flags_set}: turn a flag on or off in one environment, or set its gradual rollout. Over MCP nobody is
 * verified, so turning a flag on in an environment behind the approval gate is refused with the terminal command
 * that does it; turning one off always works. The rules and the audit live in {@link FeatureFlags}.
 */
public final class FlagsSetTool implements McpTool {
  public static final String NAME = "flags_set";
  static final Pattern FLAG = Pattern.compile("[A-Za-z0-9_.~-]{1,100}");
  static final Pattern ENVIRONMENT = dev.deploypipeline.workflow.State.ENVIRONMENT_NAME_PATTERN;

  private final FeatureFlags flags;
  private final DeploymentService service;

  public FlagsSetTool(FeatureFlags flags, DeploymentService service) {
    this.flags = flags;
    this.service = service;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolSupport.tool(NAME, "Change a feature flag",
        "Turn a feature flag on (enable) or off (disable) in one environment, or set its gradual rollout to a "
            + "percent (rollout, which also turns it on), in the configured Unleash project. Turning a flag on or "
            + "ramping it in an environment behind the approval gate (prod by default) needs a verified human: "
            + "it is refused here with the terminal command that does it. disable always works. Audited.",
        "{\"type\":\"object\",\"properties\":{"
            + "\"flag\":{\"type\":\"string\",\"pattern\":\"^[A-Za-z0-9_.~-]{1,100}$\",\"description\":\"The flag's "
            + "name, as flags_list shows it\"},"
            + "\"environment\":{\"type\":\"string\",\"pattern\":\"^[a-z][a-z0-9-]{0,30}$\",\"description\":\"Our "
            + "environment; flags.environments maps it to Unleash's\"},"
            + "\"action\":{\"type\":\"string\",\"enum\":[\"enable\",\"disable\",\"rollout\"]},"
            + "\"percent\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":100,\"description\":\"For rollout: "
            + "the share of users who get the flag\"}},"
            + "\"required\":[\"flag\",\"environment\",\"action\"],\"additionalProperties\":false}",
        ToolSupport.outputSchema("\"name\":{\"type\":\"string\"},\"type\":{\"type\":\"string\"},"
            + "\"environments\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}", "name"),
        new McpSchema.ToolAnnotations("Change a feature flag", false, true, true, true, null), null);
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext context, Map<String, Object> arguments) {
    return ToolSupport.guarded(() -> {
      Args a = new Args(arguments);
      String flag = a.required("flag", FLAG, "a flag name (letters, digits, '_', '.', '~' or '-')");
      String env = a.required("environment", ENVIRONMENT, "an environment name such as prod");
      var action = FeatureFlags.Action.valueOf(a.oneOf("action", List.of("enable", "disable", "rollout"), null)
          .toUpperCase(Locale.ROOT));
      Integer percent = null;
      if (action == FeatureFlags.Action.ROLLOUT) {
        if (arguments.get("percent") == null) {
          return ToolResults.error("percent: is required for action rollout (0 to 100)",
              "pass e.g. {\"action\": \"rollout\", \"percent\": 10}");
        }
        percent = a.integer("percent", 0, 100, 0);
      } else if (arguments.get("percent") != null) {
        return ToolResults.error("percent: only goes with action rollout", "leave percent out, or use action rollout");
      }
      service.requireEnvironment("environment", env);
      Approver nobody = Approver.unverified(context.actor(service::actor), "mcp");
      return FlagsListTool.result(flags.set(new FeatureFlags.Change(flag, env, action, percent, nobody, "mcp")));
    });
  }
}
