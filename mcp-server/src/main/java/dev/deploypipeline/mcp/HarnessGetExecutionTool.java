package dev.deploypipeline.mcp;

import dev.deploypipeline.deploy.HarnessTriggers;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code harness_get_execution}: read one execution's status, failing stage and link. Read-only. */
public final class HarnessGetExecutionTool implements McpTool {
  public static final String NAME = "harness_get_execution";

  private final HarnessTriggers triggers;

  public HarnessGetExecutionTool(HarnessTriggers triggers) {
    this.triggers = triggers;
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
    return ToolSupport.guarded(() -> HarnessTriggerPipelineTool.result(
        triggers.execution(executionId, HarnessTriggers.FrontEnd.MCP)));
  }
}
