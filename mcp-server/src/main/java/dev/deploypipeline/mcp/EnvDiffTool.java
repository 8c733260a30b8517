package dev.deploypipeline.mcp;

import dev.deploypipeline.envfiles.EnvDiff;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code env_diff}: keys across environments, where each is set (plain or encrypted) and whether the values are the
 * same. Read-only; values are compared inside the server and never returned; encrypted ones are not opened.
 */
public final class EnvDiffTool implements McpTool {
  static final String NAME = "env_diff";

  private final Path projectDir;

  public EnvDiffTool(Path projectDir) {
    this.projectDir = projectDir.toAbsolutePath().normalize();
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolSupport.tool(NAME, "Compare env files across environments",
        "Compares the keys of the project's env files across environments. For each key: per environment whether "
            + "it is `plain`, `encrypted` (age) or `absent`, and `values`: `same` or `differ` (plain values "
            + "compared, never shown), `unknown` (an encrypted value is involved; it is not decrypted) or `single` "
            + "(set in one environment only). `missing` counts keys absent somewhere. Never returns a value.",
        "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{" + EnvListTool.ENVIRONMENTS_ARG + "}}",
        ToolSupport.outputSchema("\"environments\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
            + "\"keys\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"key\",\"presence\","
            + "\"values\"],\"properties\":{\"key\":{\"type\":\"string\"},\"presence\":{\"type\":\"object\","
            + "\"additionalProperties\":{\"type\":\"string\",\"enum\":[\"plain\",\"encrypted\",\"absent\"]}},"
            + "\"values\":{\"type\":\"string\",\"enum\":[\"same\",\"differ\",\"unknown\",\"single\"]}}}},"
            + "\"missing\":{\"type\":\"integer\",\"minimum\":0},\"differ\":{\"type\":\"integer\",\"minimum\":0}",
            "environments", "keys", "missing", "differ"),
        ToolSupport.annotations("Compare env files across environments", true, false, true), null);
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext context, Map<String, Object> arguments) {
    return EnvListTool.answer(arguments, only -> EnvDiff.of(projectDir, only));
  }
}
