package dev.deploypipeline.mcp;

import dev.deploypipeline.deploy.DeployException;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;

/** The one place that maps service outcomes to tool results (two tiers of errors) and builds definitions. */
public final class ToolSupport {
  private ToolSupport() {}

  public static McpJsonMapper json() {
    return McpJsonDefaults.getMapper();
  }

  /** Caller-fixable problems become isError results; anything else is a bug and propagates. */
  public static McpSchema.CallToolResult guarded(Supplier<McpSchema.CallToolResult> body) {
    try {
      return body.get();
    } catch (DeployException e) {
      return ToolResults.error(e.getMessage(), e.nextStep(McpVoice.INSTANCE), e.extra());
    } catch (dev.deploypipeline.store.StoreException e) {
      // The store is unwritable, full or damaged: not a bug, and the caller can act on it.
      if (e.nextStep() != null) return ToolResults.error(e.problem(), e.nextStep());
      return ToolResults.error(e.getMessage(), "run `deployment-pipeline doctor` in the project (add --repair to "
          + "restore records from backups and rebuild the index)");
    }
  }

  public static McpSchema.CallToolResult ok(String headline, Map<String, Object> structured) {
    String json = PlainJson.pretty(structured);
    if (json == null) json = Pretty.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(structured);
    return ToolResults.ok(structured, headline + "\n" + json);
  }

  /** Databind, for the rare result that is not a plain tree: built on first use, not by the first call. */
  private static final class Pretty {
    static final JsonMapper MAPPER = JsonMapper.builder().build();
  }

  public static McpSchema.Tool tool(String name, String title, String description, String inputSchema,
      String outputSchema, McpSchema.ToolAnnotations annotations, Map<String, Object> meta) {
    McpSchema.Tool.Builder b = McpSchema.Tool.builder().name(name).title(title).description(description)
        .inputSchema(json(), inputSchema).outputSchema(json(), outputSchema).annotations(annotations);
    if (meta != null) b.meta(meta);
    return b.build();
  }

  /** readOnly, destructive, idempotent, openWorld. */
  public static McpSchema.ToolAnnotations annotations(String title, boolean readOnly, boolean destructive,
      boolean idempotent) {
    return new McpSchema.ToolAnnotations(title, readOnly, destructive, idempotent, false, null);
  }

  /**
   * The definition as served: an output schema that also admits the error shape of {@link ToolResults#error},
   * because clients (the TypeScript SDK) validate structuredContent against it on isError results too.
   */
  @SuppressWarnings("unchecked")
  public static McpSchema.Tool acceptingErrors(McpSchema.Tool t) {
    Map<String, Object> out = t.outputSchema();
    if (out == null) return t;
    Object props = out.get("properties");
    if (props instanceof Map<?, ?> p && p.containsKey("error")) return t;
    Map<String, Object> errorShape = Map.of("type", "object", "required", java.util.List.of("error"),
        "properties", Map.of("error", Map.of("type", "string"), "nextStep", Map.of("type", "string")));
    Map<String, Object> wrapped = new java.util.LinkedHashMap<>();
    wrapped.put("type", "object");
    wrapped.put("anyOf", java.util.List.of(out, errorShape));
    return new McpSchema.Tool(t.name(), t.title(), t.description(), t.inputSchema(), wrapped, t.annotations(),
        t.meta(), t.icons());
  }

  /** Output schema accepting either the tool's result (with {@code required}) or the error shape. */
  public static String outputSchema(String properties, String... required) {
    String req = String.join("\",\"", required);
    return "{\"type\":\"object\",\"properties\":{" + properties
        + (properties.isEmpty() ? "" : ",") + "\"error\":{\"type\":\"string\"},\"nextStep\":{\"type\":\"string\"}},"
        + "\"anyOf\":[{\"required\":[\"" + req + "\"]},{\"required\":[\"error\"]}]}";
  }

  /** Text appended to a result for policy warnings (empty when there are none). */
  static String warnings(java.util.List<String> warnings) {
    return warnings.isEmpty() ? "" : "\nWarning: " + String.join("\nWarning: ", warnings);
  }
}
