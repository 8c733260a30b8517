package dev.deploypipeline.mcp;

import dev.deploypipeline.envfiles.EnvFileException;
import dev.deploypipeline.deploy.EnvironmentCatalog;
import dev.deploypipeline.envfiles.EnvReport;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code env_list}: one row per environment, the config's facts (type, url, what deploys it, place on the promotion
 * path, approval, variable and secret names) beside its env file's key, secret and encrypted counts. Read-only; it
 * reads names and counts, never returns a value, and never decrypts.
 */
public final class EnvListTool implements McpTool {
  static final String NAME = "env_list";
  static final String ENVIRONMENTS_ARG = "\"environments\":{\"type\":\"array\",\"maxItems\":50,"
      + "\"items\":{\"type\":\"string\",\"pattern\":\"^[A-Za-z0-9_-]{1,64}$\"},\"description\":\"Only these "
      + "environments (default: every .env and .env.NAME file). prod finds .env.production and the reverse; dev and "
      + "development, stage and staging likewise.\"}";

  static final String ROW_FACTS = "\"configured\":{\"type\":\"boolean\",\"description\":\"Whether the config "
      + "has this environment (false: an env file only)\"},\"type\":{\"type\":\"string\",\"enum\":[\"development\","
      + "\"staging\",\"production\"]},\"url\":{\"type\":\"string\"},\"deploysBy\":{\"type\":\"string\","
      + "\"enum\":[\"command\",\"process\",\"compose\",\"harness\",\"helm\"]},\"strategy\":{\"type\":\"string\"},"
      + "\"router\":{\"type\":\"string\"},\"step\":{\"type\":\"integer\",\"minimum\":1,\"description\":\"Its "
      + "step on the promotion path (absent: off the path)\"},\"parallelWith\":{\"type\":\"array\",\"items\":"
      + "{\"type\":\"string\"}},\"requiresApproval\":{\"type\":\"boolean\"},\"approvers\":{\"type\":\"array\","
      + "\"items\":{\"type\":\"string\"}},\"variableNames\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
      + "\"secretNames\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"description\":\"Declared "
      + "secrets and encrypted keys, by name\"},";
  static final String FILE_FACTS = "\"environment\":{\"type\":\"string\"},"
      + "\"file\":{\"type\":\"string\"},\"exists\":{\"type\":\"boolean\"},"
      + "\"keys\":{\"type\":\"integer\",\"minimum\":0},\"secrets\":{\"type\":\"integer\",\"minimum\":0},"
      + "\"encrypted\":{\"type\":\"integer\",\"minimum\":0},"
      + "\"plaintextSecrets\":{\"type\":\"integer\",\"minimum\":0},"
      + "\"recipients\":{\"type\":\"string\",\"description\":\"The age recipients file, when there is one\"}";

  private final EnvironmentCatalog catalog;

  public EnvListTool(Path projectDir) {
    this(new EnvironmentCatalog(projectDir, Map.of(), null));
  }

  public EnvListTool(EnvironmentCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolSupport.tool(NAME, "List environments and their env files",
        "Lists the project's environments, one row each: from the config its type (development, staging, "
            + "production), url, what deploys it, its step on the promotion path (and the environments it deploys in "
            + "parallel with), whether it needs approval, and the NAMES of its variables and secrets; from its env "
            + "file (.env is environment `default`, .env.NAME is NAME; prod reads .env.production) the file, whether "
            + "it exists, its key count, how many keys are secrets, how many of those are age-encrypted and how many "
            + "are in plain text, and its age recipients file. Env files no configured environment claims follow "
            + "with configured=false. Never returns a value. env_show gives one environment in full; env_diff "
            + "compares keys.",
        "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{" + ENVIRONMENTS_ARG + "}}",
        ToolSupport.outputSchema("\"environments\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
            + "\"required\":[\"environment\",\"configured\",\"file\",\"exists\",\"keys\",\"secrets\","
            + "\"encrypted\",\"plaintextSecrets\"],\"properties\":{" + ROW_FACTS + FILE_FACTS + "}}},"
            + "\"configError\":{\"type\":\"string\",\"description\":\"Why the config could not be read (the rows "
            + "are then env files only)\"}", "environments"),
        ToolSupport.annotations("List environments and their env files", true, false, true), null);
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext context, Map<String, Object> arguments) {
    return answer(arguments, catalog::list);
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
