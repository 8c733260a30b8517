package dev.deploypipeline.mcp;

import dev.deploypipeline.deploy.DeployDiff;
import dev.deploypipeline.deploy.DeployDiffs;
import dev.deploypipeline.deploy.DeploymentService;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code deploy_diff}: what deploying a version to an environment would change over what runs there. Read-only:
 * git and the store are read, nothing is written; secret values never appear, only the names of changed secrets.
 */
public final class DeployDiffTool implements McpTool {
  static final String NAME = "deploy_diff";
  static final Pattern ENVIRONMENT = dev.deploypipeline.workflow.State.ENVIRONMENT_NAME_PATTERN;

  private final DeploymentService service;

  public DeployDiffTool(DeploymentService service) {
    this.service = service;
  }

  private static final String COMMIT = "{\"type\":\"object\",\"required\":[\"sha\",\"subject\",\"author\",\"type\"],"
      + "\"properties\":{\"sha\":{\"type\":\"string\"},\"subject\":{\"type\":\"string\"},\"author\":{\"type\":"
      + "\"string\"},\"type\":{\"type\":\"string\",\"description\":\"Conventional Commit type, or other\"},"
      + "\"scope\":{\"type\":\"string\"},\"breaking\":{\"type\":\"boolean\"}}}";
  private static final String SIDE = "{\"type\":\"object\",\"properties\":{\"version\":{\"type\":\"string\"},"
      + "\"commit\":{\"type\":\"string\"},\"deploymentId\":{\"type\":\"string\"},\"source\":{\"type\":\"string\"}}}";

  @Override
  public McpSchema.Tool definition() {
    return ToolSupport.tool(NAME, "What a deploy would change",
        "Compare what runs in an environment with a candidate version before deploying it: both versions, the "
            + "commits between them (subject, author, Conventional Commit type; `leaving` lists running commits the "
            + "candidate lacks, for a step back), the pipeline config changes of that environment's section and the "
            + "global keys (added/removed/changed; a secret shows its name only, never a value), and the CHANGELOG.md "
            + "sections after the running version up to the candidate. `summary` is the short form shown in "
            + "approval forms and notifications. Read-only.",
        "{\"type\":\"object\",\"additionalProperties\":false,\"required\":[\"environment\"],\"properties\":{"
            + "\"environment\":{\"type\":\"string\",\"pattern\":\"^" + ENVIRONMENT.pattern() + "$\","
            + "\"description\":\"The environment to compare against, e.g. prod\"},"
            + "\"version\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":200,\"description\":\"The candidate: a "
            + "recorded deployment version, a tag (1.4.0 or v1.4.0) or a commit. Default: what runs in the step "
            + "before the environment on the promotion path (HEAD for the first step)\"}}}",
        ToolSupport.outputSchema("\"environment\":{\"type\":\"string\"},\"running\":{\"oneOf\":[" + SIDE
            + ",{\"type\":\"null\"}]},\"candidate\":" + SIDE + ",\"same\":{\"type\":\"boolean\"},"
            + "\"commitCount\":{\"type\":\"integer\",\"minimum\":0},\"byType\":{\"type\":\"object\","
            + "\"additionalProperties\":{\"type\":\"integer\"}},\"breaking\":{\"type\":\"integer\"},"
            + "\"commits\":{\"type\":\"array\",\"items\":" + COMMIT + "},"
            + "\"leavingCount\":{\"type\":\"integer\"},\"leaving\":{\"type\":\"array\",\"items\":" + COMMIT + "},"
            + "\"configFile\":{\"type\":[\"string\",\"null\"]},"
            + "\"configChanges\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"scope\",\"key\","
            + "\"change\",\"secret\"],\"properties\":{\"scope\":{\"type\":\"string\",\"description\":\"global or "
            + "the environment\"},\"key\":{\"type\":\"string\"},\"change\":{\"type\":\"string\",\"enum\":[\"added\","
            + "\"removed\",\"changed\"]},\"secret\":{\"type\":\"boolean\"},\"before\":{},\"after\":{}}}},"
            + "\"changelog\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"version\",\"groups\"],"
            + "\"properties\":{\"version\":{\"type\":\"string\"},\"date\":{\"type\":\"string\"},\"groups\":{\"type\":"
            + "\"object\",\"additionalProperties\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}}},"
            + "\"notes\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"summary\":{\"type\":\"string\"}",
            "environment", "candidate", "commitCount", "commits", "configChanges", "changelog", "summary"),
        ToolSupport.annotations("What a deploy would change", true, false, true), null);
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext context, Map<String, Object> arguments) {
    return ToolSupport.guarded(() -> {
      Args a = new Args(arguments);
      String environment = a.required("environment", ENVIRONMENT, "an environment name such as prod");
      String version = a.optional("version", null, "a version, tag or commit");
      DeployDiff diff = new DeployDiffs(service).diff(environment, version);
      return ToolSupport.ok(diff.summary(), diff.toMap());
    });
  }
}
