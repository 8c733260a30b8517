package dev.deploypipeline.mcp;

import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.ReleaseRecords;
import dev.deploypipeline.deploy.Since;
import dev.deploypipeline.deploy.Views;
import dev.deploypipeline.store.HistoryQuery;
import dev.deploypipeline.workflow.State;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;

/** deploy_history: past deployments with per-stage timings, plus success rate and medians. */
public final class DeployHistoryTool implements McpTool {
  public static final String NAME = "deploy_history";
  private final DeploymentService service;

  public DeployHistoryTool(DeploymentService service) {
    this.service = service;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolSupport.tool(NAME, "Deployment history",
        "List deployments newest first, filtered by service, environment reached, state and start date; each with "
            + "total time, time per stage, retries and approval wait, plus a summary: count, success rate, median "
            + "duration and median approval wait, and DORA's four keys (deployment frequency, lead time for changes, "
            + "change failure rate, time to restore) for the environment (prod unless filtered) since the given start "
            + "(default the last 30 days). With releases: true, the releases instead (tagged by release create, "
            + "published to GitHub by release publish), newest first, each with its URL and the deployments of "
            + "that version (id, state, environments reached).",
        "{\"type\":\"object\",\"properties\":{"
            + "\"service\":{\"type\":\"string\",\"pattern\":\"^[a-z0-9][a-z0-9._-]{0,62}$\"},"
            + "\"environment\":{\"type\":\"string\",\"pattern\":\"^[a-z][a-z0-9-]{0,30}$\",\"description\":\"An environment of the project's config (dev, staging, prod unless it declares a path)\"},"
            + "\"state\":{\"type\":\"string\",\"enum\":" + Schemas.STATES + "},"
            + "\"since\":{\"type\":\"string\",\"description\":\"Started at or after: " + Since.FORMS + "\"},"
            + "\"limit\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":500,\"default\":20},"
            + "\"releases\":{\"type\":\"boolean\",\"default\":false,\"description\":\"List releases (with "
            + "their deployments) instead of deployments; only limit applies\"}},"
            + "\"additionalProperties\":false}",
        ToolSupport.outputSchema("\"deployments\":{\"type\":\"array\",\"items\":" + Schemas.SUMMARY_ITEM + "},"
            + "\"releases\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{"
            + "\"version\":{\"type\":\"string\"},\"tag\":{\"type\":\"string\"},\"url\":{\"type\":\"string\"},"
            + "\"deployments\":{\"type\":\"array\"}},\"required\":[\"version\",\"tag\",\"deployments\"]}},"
            + "\"summary\":{\"type\":\"object\",\"properties\":{\"count\":{\"type\":\"integer\"},"
            + "\"successRate\":{\"type\":\"number\"},\"medianDurationMs\":{\"type\":\"integer\"},"
            + "\"medianApprovalWaitMs\":{\"type\":\"integer\"},\"medianRollbackMs\":{\"type\":\"integer\"},"
            + "\"dora\":{\"type\":\"object\",\"description\":\"DORA four keys for the environment (prod unless "
            + "filtered) over since (default the last 30 days)\",\"properties\":{\"environment\":{\"type\":\"string\"},"
            + "\"deploymentFrequency\":{\"type\":\"object\"},\"leadTime\":{\"type\":\"object\"},"
            + "\"changeFailureRate\":{\"type\":\"object\"},\"timeToRestore\":{\"type\":\"object\"}}}},"
            + "\"required\":[\"count\"]}", "deployments", "summary")
            // With releases: true the result is the releases alone.
            .replace("\"anyOf\":[", "\"anyOf\":[{\"required\":[\"releases\"]},"),
        ToolSupport.annotations("Deployment history", true, false, true), null);
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext ctx, Map<String, Object> arguments) {
    return ToolSupport.guarded(() -> {
      Args a = new Args(arguments);
      if (a.flag("releases", false)) {
        var releases = ReleaseRecords.list(service.store(), a.integer("limit", 1, 500, 20));
        return ToolSupport.ok(releases.size() + " release(s).", Map.of("releases", releases));
      }
      String svc = a.optional("service", DeployStartTool.SERVICE, "a service name");
      String env = arguments != null && arguments.get("environment") != null
          ? service.requireEnvironment("environment", a.required("environment", DeployValidateTool.ENVIRONMENT,
              "an environment name such as prod")) : null;
      State state = arguments != null && arguments.get("state") != null
          ? State.fromId(a.oneOf("state", State.ids(), null)).orElseThrow() : null;
      String since = a.optional("since", null, "a date, time or span");
      var q = new HistoryQuery(svc, env, state, since == null ? null : Since.parse("since", since, service.clock()), a.integer("limit", 1, 500, 20));
      var report = service.history(q);
      return ToolSupport.ok(report.summary().count() + " deployment(s).", Views.history(report));
    });
  }
}
