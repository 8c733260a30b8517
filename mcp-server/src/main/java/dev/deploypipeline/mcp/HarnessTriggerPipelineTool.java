package dev.deploypipeline.mcp;

import dev.deploypipeline.harness.Execution;
import dev.deploypipeline.harness.ExecutionWaiter;
import dev.deploypipeline.harness.HarnessClient;
import dev.deploypipeline.harness.HarnessConfig;
import dev.deploypipeline.harness.HarnessException;
import dev.deploypipeline.harness.RuntimeInputs;
import dev.deploypipeline.harness.StartedExecution;
import dev.deploypipeline.workflow.Sleeper;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code harness_trigger_pipeline}: start one Harness pipeline with runtime inputs and optionally wait for it,
 * streaming progress. Outside a deployment, so there is no deployment id to tag it with: an execute whose answer is
 * lost is reported, never repeated.
 */
public final class HarnessTriggerPipelineTool implements McpTool {
  public static final String NAME = "harness_trigger_pipeline";
  static final int DEFAULT_TIMEOUT_SECONDS = 600;
  static final int MAX_TIMEOUT_SECONDS = 7200;

  /** Where progress goes; {@link ToolContext#progress} in the server. */
  @FunctionalInterface
  public interface Progress {
    void report(double progress, Double total, String message);
  }

  private final Supplier<HarnessConfig> config;
  private final Function<HarnessConfig, HarnessClient> clients;
  private final Sleeper sleeper;
  private final Clock clock;

  public HarnessTriggerPipelineTool(Supplier<HarnessConfig> config, Function<HarnessConfig, HarnessClient> clients,
      Sleeper sleeper, Clock clock) {
    this.config = config;
    this.clients = clients;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  @Override
  public McpSchema.Tool definition() {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("pipeline", Map.of("type", "string", "pattern", "^[A-Za-z0-9_-]{1,128}$",
        "description", "Pipeline identifier (not its display name), e.g. deploy-staging"));
    props.put("org", Map.of("type", "string", "pattern", "^[A-Za-z0-9_-]{1,128}$",
        "description", "Organization identifier; default harness.orgId"));
    props.put("project", Map.of("type", "string", "pattern", "^[A-Za-z0-9_-]{1,128}$",
        "description", "Project identifier; default harness.projectId"));
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
        .description("Start a Harness CD pipeline (by identifier, in the configured harness.orgId/projectId) with "
            + "runtime inputs and return its execution id, status and UI link. With wait=true, follow it to the end "
            + "(progress notifications) or until timeoutSeconds. Needs HARNESS_API_KEY in the server's environment.")
        .inputSchema(input).outputSchema(output)
        .annotations(McpSchema.ToolAnnotations.builder().title("Trigger a Harness pipeline").readOnlyHint(false)
            .destructiveHint(true).idempotentHint(false).openWorldHint(true).build())
        .build();
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext context, Map<String, Object> arguments) {
    return call(arguments, context::progress);
  }

  public McpSchema.CallToolResult call(Map<String, Object> arguments, Progress progress) {
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
    HarnessConfig cfg = config.get();
    if (cfg == null) {
      return ToolResults.error("Harness is not configured: the project config has no 'harness' section",
          "add \"harness\": {\"orgId\": \"...\", \"projectId\": \"...\"} to .claude/deployment-config.json "
              + "(see examples/harness/deployment-config.json) and export HARNESS_API_KEY");
    }
    for (String scope : List.of("org", "project")) {
      Object v = args.get(scope);
      if (v != null && !(v instanceof String sv && sv.matches("[A-Za-z0-9_-]{1,128}"))) {
        return ToolResults.error(scope + ": must be a Harness identifier (letters, digits, '_' or '-'), got '" + v
            + "'", "pass the identifier, not the display name, or leave it out to use the configured one");
      }
    }
    cfg = cfg.inScope((String) args.get("org"), (String) args.get("project"));
    try {
      HarnessClient client = clients.apply(cfg);
      StartedExecution started = client.execute(pipeline, yaml, null);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("pipeline", pipeline);
      out.put("executionId", started.executionId());
      out.put("url", started.url().toString());
      if (!wait) {
        out.put("status", "Started");
        out.put("finished", false);
        out.put("nextStep", "call again with wait=true to follow it, or open the url");
        return ToolResults.ok(out, "Started " + pipeline + " execution " + started.executionId() + ": " + started.url());
      }
      AtomicInteger polls = new AtomicInteger();
      progress.report(0, null, "started " + pipeline + " execution " + started.executionId());
      ExecutionWaiter.Outcome outcome = ExecutionWaiter.of(client, cfg, sleeper, clock).await(started.executionId(),
          Instant.now(clock).plus(Duration.ofSeconds(timeout)),
          e -> progress.report(polls.incrementAndGet(), null, pipeline + ": " + e.status()));
      return finished(out, outcome, timeout);
    } catch (HarnessException e) {
      return ToolResults.error(e.getMessage(), nextStep(e, cfg));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ToolResults.error("interrupted while waiting for Harness", "check the execution in Harness");
    }
  }

  private static McpSchema.CallToolResult finished(Map<String, Object> out, ExecutionWaiter.Outcome outcome,
      int timeout) {
    Execution last = outcome.last();
    out.put("status", last.status());
    out.put("finished", outcome.finished());
    out.put("succeeded", last.phase() == dev.deploypipeline.harness.ExecutionPhase.SUCCEEDED);
    last.failingStage().ifPresent(s -> out.put("failingStage", s));
    last.failureMessage().ifPresent(m -> out.put("message", m));
    if (outcome.timedOut()) {
      out.put("nextStep", "still " + last.status() + " after " + timeout + " s; it keeps running in Harness — open "
          + "the url or wait again");
    } else if (last.phase() == dev.deploypipeline.harness.ExecutionPhase.FAILED) {
      out.put("nextStep", "open the url to see why stage " + last.failingStage().orElse("?") + " failed");
    }
    String text = out.get("pipeline") + " execution " + out.get("executionId") + ": " + last.describe()
        + (outcome.timedOut() ? " (still running after " + timeout + " s)" : "") + " — " + out.get("url");
    return ToolResults.ok(out, text);
  }

  private static String nextStep(HarnessException e, HarnessConfig cfg) {
    return switch (e.httpStatus()) {
      case 0 -> e.isTransient() ? "check harness.baseUrl (" + cfg.baseUrlOrDefault() + ") and try again"
          : "fix the setting named above and call again";
      case 401 -> "export " + cfg.apiKeyEnvOrDefault() + " with a valid token and restart the server";
      case 403 -> "ask a Harness admin to grant the key's user or service account pipeline execute permission";
      case 404 -> "check the pipeline identifier in Harness (Pipelines → the pipeline → its Id) and harness.orgId/"
          + "projectId";
      default -> e.isTransient() ? "try again in a minute" : "fix the inputs named in the message and call again";
    };
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
