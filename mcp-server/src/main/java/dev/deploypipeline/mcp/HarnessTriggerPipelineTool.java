package dev.deploypipeline.mcp;

import dev.deploypipeline.deploy.HarnessTriggers;
import dev.deploypipeline.harness.RuntimeInputs;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code harness_trigger_pipeline}: start one Harness pipeline with runtime inputs and optionally wait for it,
 * streaming progress. Outside a deployment, so there is no deployment id to tag it with: an execute whose answer is
 * lost is reported, never repeated. The rules (scope, gated pipelines, audit) live in {@link HarnessTriggers}.
 */
public final class HarnessTriggerPipelineTool implements McpTool {
  public static final String NAME = "harness_trigger_pipeline";
  static final int DEFAULT_TIMEOUT_SECONDS = 600;
  static final int MAX_TIMEOUT_SECONDS = 7200;

  private final HarnessTriggers triggers;

  public HarnessTriggerPipelineTool(HarnessTriggers triggers) {
    this.triggers = triggers;
  }

  @Override
  public McpSchema.Tool definition() {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("pipeline", Map.of("type", "string", "pattern", "^[A-Za-z0-9_-]{1,128}$",
        "description", "Pipeline identifier (not its display name), e.g. deploy-staging"));
    props.put("org", Map.of("type", "string", "pattern", "^[A-Za-z0-9_-]{1,128}$",
        "description", "Organization identifier; only harness.orgId is accepted (the default)"));
    props.put("project", Map.of("type", "string", "pattern", "^[A-Za-z0-9_-]{1,128}$",
        "description", "Project identifier; only harness.projectId is accepted (the default)"));
    props.put("inputs", Map.of("type", List.of("object", "string"), "description", "Runtime inputs: an object of "
        + "pipeline variables {name: value} (strings, numbers, booleans), or a complete runtime-input YAML string"));
    props.put("wait", Map.of("type", "boolean", "default", false,
        "description", "Wait until the execution finishes (or timeoutSeconds pass), sending progress notifications"));
    props.put("timeoutSeconds", Map.of("type", "integer", "minimum", 1, "maximum", MAX_TIMEOUT_SECONDS,
        "default", DEFAULT_TIMEOUT_SECONDS, "description", "How long to wait when wait is true; the execution keeps "
            + "running in Harness after that"));
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("type", "object");
    input.put("properties", props);
    input.put("required", List.of("pipeline"));
    input.put("additionalProperties", false);

    Map<String, Object> outProps = new LinkedHashMap<>();
    outProps.put("pipeline", Map.of("type", "string"));
    outProps.put("executionId", Map.of("type", "string"));
    outProps.put("status", Map.of("type", "string", "description", "Harness execution status, e.g. Running, Success"));
    outProps.put("url", Map.of("type", "string", "description", "The execution in the Harness UI"));
    outProps.put("finished", Map.of("type", "boolean"));
    outProps.put("succeeded", Map.of("type", "boolean"));
    outProps.put("failingStage", Map.of("type", "string"));
    outProps.put("message", Map.of("type", "string"));
    outProps.put("nextStep", Map.of("type", "string"));
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("type", "object");
    output.put("properties", outProps);

    return McpSchema.Tool.builder().name(NAME).title("Trigger a Harness pipeline")
        .description("Start a Harness CD pipeline (by identifier, in the configured harness.orgId/projectId only) "
            + "with runtime inputs and return its execution id, status and UI link. With wait=true, follow it to the "
            + "end (progress notifications) or until timeoutSeconds. A pipeline that deploys or rolls back an "
            + "environment behind the approval gate (e.g. deploy-prod) is refused: use deploy_start. Every trigger "
            + "is audited. Needs HARNESS_API_KEY in the server's environment.")
        .inputSchema(input).outputSchema(output)
        .annotations(McpSchema.ToolAnnotations.builder().title("Trigger a Harness pipeline").readOnlyHint(false)
            .destructiveHint(true).idempotentHint(false).openWorldHint(true).build())
        .build();
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext context, Map<String, Object> arguments) {
    return call(arguments, context::progress, context.actor(() -> null));
  }

  public McpSchema.CallToolResult call(Map<String, Object> arguments, HarnessTriggers.Progress progress) {
    return call(arguments, progress, null);
  }

  /** @param actor who the call acts for; null: the server's user */
  McpSchema.CallToolResult call(Map<String, Object> arguments, HarnessTriggers.Progress progress, String actor) {
    Map<String, Object> args = arguments == null ? Map.of() : arguments;
    Object p = args.get("pipeline");
    if (!(p instanceof String pipeline) || !pipeline.matches("[A-Za-z0-9_-]{1,128}")) {
      return ToolResults.error("pipeline: must be a Harness pipeline identifier (letters, digits, '_' or '-'), got "
          + (p == null ? "nothing" : "'" + p + "'"), "pass the pipeline's identifier, e.g. {\"pipeline\": \"deploy-dev\"}");
    }
    boolean wait = Boolean.TRUE.equals(args.get("wait"));
    int timeout = DEFAULT_TIMEOUT_SECONDS;
    if (args.get("timeoutSeconds") != null) {
      if (!(args.get("timeoutSeconds") instanceof Number n) || n.intValue() < 1 || n.intValue() > MAX_TIMEOUT_SECONDS) {
        return ToolResults.error("timeoutSeconds: must be a whole number from 1 to " + MAX_TIMEOUT_SECONDS,
            "omit it for the default of " + DEFAULT_TIMEOUT_SECONDS + " s");
      }
      timeout = n.intValue();
    }
    String yaml;
    try {
      yaml = inputsYaml(pipeline, args.get("inputs"));
    } catch (IllegalArgumentException e) {
      return ToolResults.error(e.getMessage(), "pass inputs as {\"name\": \"value\"} or as a runtime-input YAML string");
    }
    for (String scope : List.of("org", "project")) {
      Object v = args.get(scope);
      if (v != null && !(v instanceof String sv && sv.matches("[A-Za-z0-9_-]{1,128}"))) {
        return ToolResults.error(scope + ": must be a Harness identifier (letters, digits, '_' or '-'), got '" + v
            + "'", "pass the identifier, not the display name, or leave it out to use the configured one");
      }
    }
    var request = new HarnessTriggers.Request(pipeline, (String) args.get("org"), (String) args.get("project"), yaml,
        wait, timeout, HarnessTriggers.FrontEnd.MCP, actor);
    return ToolSupport.guarded(() -> result(triggers.trigger(request, progress)));
  }

  static McpSchema.CallToolResult result(HarnessTriggers.Outcome o) {
    return o.failed() ? ToolResults.error(o.error(), o.nextStep()) : ToolResults.ok(o.view(), o.text());
  }

  private static String inputsYaml(String pipeline, Object inputs) {
    if (inputs == null) return "";
    if (inputs instanceof String s) return s;
    if (!(inputs instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("inputs: must be an object of variables or a YAML string");
    }
    Map<String, Object> vars = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      Object v = e.getValue();
      if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
        throw new IllegalArgumentException("inputs." + e.getKey() + ": must be a string, number or boolean; for "
            + "nested runtime inputs pass the whole runtime-input YAML as a string");
      }
      vars.put(String.valueOf(e.getKey()), v);
    }
    return RuntimeInputs.yaml(pipeline, vars);
  }
}
