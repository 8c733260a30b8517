package dev.deploypipeline.mcp;

import dev.deploypipeline.harness.Execution;
import dev.deploypipeline.harness.ExecutionPhase;
import dev.deploypipeline.harness.HarnessClient;
import dev.deploypipeline.harness.HarnessConfig;
import dev.deploypipeline.harness.HarnessException;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/** {@code harness_get_execution}: read one execution's status, failing stage and link. Read-only. */
public final class HarnessGetExecutionTool implements McpTool {
  public static final String NAME = "harness_get_execution";

  private final Supplier<HarnessConfig> config;
  private final Function<HarnessConfig, HarnessClient> clients;

  public HarnessGetExecutionTool(Supplier<HarnessConfig> config, Function<HarnessConfig, HarnessClient> clients) {
    this.config = config;
    this.clients = clients;
  }

  @Override
  public McpSchema.Tool definition() {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("type", "object");
    input.put("properties", Map.of("executionId", Map.of("type", "string", "pattern", "^[A-Za-z0-9_-]{1,64}$",
        "description", "Harness plan execution id (from harness_trigger_pipeline or deploy_status)")));
    input.put("required", List.of("executionId"));
    input.put("additionalProperties", false);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", "object");
    Map<String, Object> props = new LinkedHashMap<>();
    for (String k : List.of("executionId", "pipeline", "status", "url", "failingStage", "message")) {
      props.put(k, Map.of("type", "string"));
    }
    props.put("finished", Map.of("type", "boolean"));
    props.put("succeeded", Map.of("type", "boolean"));
    out.put("properties", props);
    return McpSchema.Tool.builder().name(NAME).title("Get a Harness execution")
        .description("Read a Harness pipeline execution of the configured project: status (Running, "
            + "ApprovalWaiting, Success, Failed, ...), whether it finished, the failing stage and the UI link.")
        .inputSchema(input).outputSchema(out)
        .annotations(McpSchema.ToolAnnotations.builder().title("Get a Harness execution").readOnlyHint(true)
            .destructiveHint(false).idempotentHint(true).openWorldHint(true).build())
        .build();
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext context, Map<String, Object> arguments) {
    Object id = arguments == null ? null : arguments.get("executionId");
    if (!(id instanceof String executionId) || !executionId.matches("[A-Za-z0-9_-]{1,64}")) {
      return ToolResults.error("executionId: must be a Harness execution id, got "
          + (id == null ? "nothing" : "'" + id + "'"), "take it from harness_trigger_pipeline or deploy_status");
    }
    HarnessConfig cfg = config.get();
    if (cfg == null) {
      return ToolResults.error("Harness is not configured: the project config has no 'harness' section",
          "add \"harness\": {\"orgId\": \"...\", \"projectId\": \"...\"} to .claude/deployment-config.json");
    }
    try {
      HarnessClient client = clients.apply(cfg);
      Execution e = client.status(executionId);
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("executionId", executionId);
      s.put("pipeline", e.pipelineIdentifier());
      s.put("status", e.status());
      s.put("finished", e.phase().finished());
      s.put("succeeded", e.phase() == ExecutionPhase.SUCCEEDED);
      if (e.pipelineIdentifier() != null) s.put("url", client.executionUrl(e.pipelineIdentifier(), executionId).toString());
      e.failingStage().ifPresent(v -> s.put("failingStage", v));
      e.failureMessage().ifPresent(v -> s.put("message", v));
      return ToolResults.ok(s, e.pipelineIdentifier() + " execution " + executionId + ": " + e.describe()
          + (s.containsKey("url") ? " — " + s.get("url") : ""));
    } catch (HarnessException e) {
      return ToolResults.error(e.getMessage(), e.httpStatus() == 404 ? "check the execution id and harness.orgId/"
          + "projectId" : e.isTransient() ? "try again in a minute" : "fix what the message names and call again");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ToolResults.error("interrupted while asking Harness", null);
    }
  }
}
