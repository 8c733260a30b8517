package dev.deploypipeline.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.stream.Collectors;

/** What every tool result must satisfy, success or error: the shape Claude Code relies on. */
final class ToolResultChecks {
  private static final JsonSchemaValidator VALIDATOR = McpJsonDefaults.getSchemaValidator();

  private ToolResultChecks() {}

  static String text(McpSchema.CallToolResult r) {
    return r.content().stream().filter(c -> c instanceof McpSchema.TextContent)
        .map(c -> ((McpSchema.TextContent) c).text()).collect(Collectors.joining("\n"));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> structured(McpSchema.CallToolResult r) {
    assertThat(r.structuredContent()).as("structuredContent").isInstanceOf(Map.class);
    return (Map<String, Object>) r.structuredContent();
  }

  /** structuredContent present and valid against the tool's outputSchema; no stack trace in the text. */
  static void assertWellFormed(McpTool tool, McpSchema.CallToolResult r) {
    assertThat(r.isError()).as("isError is set explicitly").isNotNull();
    Map<String, Object> s = structured(r);
    String text = text(r);
    assertThat(text).as("text content").isNotBlank();
    assertThat(text + s).as("no stack trace in the result").doesNotContain("\tat ", "\n\tat", "Exception:",
        "Caused by:", "dev.deploypipeline.");
    var v = VALIDATOR.validate(tool.definition().outputSchema(), s);
    assertThat(v.valid()).as("structuredContent of %s validates against its outputSchema: %s", tool.definition()
        .name(), v.errorMessage()).isTrue();
    if (Boolean.TRUE.equals(r.isError())) {
      assertThat(s.get("error")).as("error message in structuredContent").isInstanceOf(String.class);
      assertThat(s.get("nextStep")).as("nextStep in structuredContent").isInstanceOf(String.class);
    }
  }
}
