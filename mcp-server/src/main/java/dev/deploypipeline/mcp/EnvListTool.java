package dev.deploypipeline.mcp;

import dev.deploypipeline.envfiles.EnvFileException;
import dev.deploypipeline.envfiles.EnvListing;
import dev.deploypipeline.envfiles.EnvReport;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code env_list}: the project's env files per environment with key, secret and encrypted counts. Read-only; it
 * reads names and counts, never returns a value, and never decrypts.
 */
public final class EnvListTool implements McpTool {
  static final String NAME = "env_list";
  static final String ENVIRONMENTS_ARG = "\"environments\":{\"type\":\"array\",\"maxItems\":50,"
      + "\"items\":{\"type\":\"string\",\"pattern\":\"^[A-Za-z0-9_-]{1,64}$\"},\"description\":\"Only these "
      + "environments (default: every .env and .env.NAME file). prod finds .env.production and the reverse; dev and "
      + "development, stage and staging likewise.\"}";

  private final Path projectDir;

  public EnvListTool(Path projectDir) {
    this.projectDir = projectDir.toAbsolutePath().normalize();
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolSupport.tool(NAME, "List env files per environment",
        "Lists the project's env files (.env is environment `default`, .env.NAME is NAME) with, per environment: "
            + "the file, whether it exists, its key count, how many keys are secrets, how many of those are "
            + "age-encrypted and how many are in plain text (by the secret detector: token formats, names, "
            + "entropy), and its age recipients file. Never returns a value. Use env_diff to compare keys.",
        "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{" + ENVIRONMENTS_ARG + "}}",
        ToolSupport.outputSchema("\"environments\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
            + "\"required\":[\"environment\",\"file\",\"exists\",\"keys\",\"secrets\",\"encrypted\","
            + "\"plaintextSecrets\"],\"properties\":{\"environment\":{\"type\":\"string\"},"
            + "\"file\":{\"type\":\"string\"},\"exists\":{\"type\":\"boolean\"},"
            + "\"keys\":{\"type\":\"integer\",\"minimum\":0},\"secrets\":{\"type\":\"integer\",\"minimum\":0},"
            + "\"encrypted\":{\"type\":\"integer\",\"minimum\":0},"
            + "\"plaintextSecrets\":{\"type\":\"integer\",\"minimum\":0},"
            + "\"recipients\":{\"type\":\"string\",\"description\":\"The age recipients file, when there is one\"}}}}",
            "environments"),
        ToolSupport.annotations("List env files per environment", true, false, true), null);
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext context, Map<String, Object> arguments) {
    return answer(arguments, only -> EnvListing.of(projectDir, only));
  }

  /** Parses {@code environments} once and runs the report; bad names and unreadable files are caller errors. */
  static McpSchema.CallToolResult answer(Map<String, Object> arguments, Function<List<String>, EnvReport> report) {
    try {
      EnvReport r = report.apply(ProjectPaths.stringList(arguments.get("environments"), "environments"));
      return ToolResults.ok(r.toMap(), r.text());
    } catch (IllegalArgumentException e) {
      return ToolResults.error(e.getMessage(), "pass environments as names, e.g. [\"staging\", \"production\"]");
    } catch (EnvFileException e) {
      return ToolResults.error(e.getMessage(), e.nextStep());
    }
  }
}
