package dev.deploypipeline.mcp;

import dev.deploypipeline.deploy.FeatureFlags;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/** {@code flags_list}: the project's feature flags and their state per environment. Read-only. */
public final class FlagsListTool implements McpTool {
  public static final String NAME = "flags_list";
  static final String FLAG_ITEM = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
      + "\"type\":{\"type\":\"string\"},\"environments\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
      + "\"properties\":{\"environment\":{\"type\":\"string\",\"description\":\"Ours (dev, staging, prod), when "
      + "flags.environments maps one to it\"},\"unleashEnvironment\":{\"type\":\"string\"},"
      + "\"enabled\":{\"type\":\"boolean\"},\"rolloutPercent\":{\"type\":\"integer\",\"description\":\"The gradual "
      + "rollout (flexibleRollout) percent, when the flag has one there\"}},"
      + "\"required\":[\"unleashEnvironment\",\"enabled\"]}}},\"required\":[\"name\",\"environments\"]}";

  private final FeatureFlags flags;

  public FlagsListTool(FeatureFlags flags) {
    this.flags = flags;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolSupport.tool(NAME, "List feature flags",
        "List the feature flags of the configured Unleash project (flags.url, flags.project) with their state in "
            + "each environment: on or off, and the gradual-rollout percent. Needs UNLEASH_ADMIN_TOKEN (or the "
            + "variable flags.tokenEnv names) in the server's environment.",
        "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}",
        ToolSupport.outputSchema("\"provider\":{\"type\":\"string\"},\"project\":{\"type\":\"string\"},"
            + "\"flags\":{\"type\":\"array\",\"items\":" + FLAG_ITEM + "}", "flags"),
        new McpSchema.ToolAnnotations("List feature flags", true, false, true, true, null), null);
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext context, Map<String, Object> arguments) {
    return ToolSupport.guarded(() -> result(flags.list()));
  }

  static McpSchema.CallToolResult result(FeatureFlags.Outcome o) {
    return o.failed() ? ToolResults.error(o.error(), o.nextStep()) : ToolSupport.ok(o.text(), o.view());
  }
}
