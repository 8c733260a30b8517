package dev.deploypipeline.mcp;

import static dev.deploypipeline.mcp.ToolResultChecks.assertWellFormed;
import static dev.deploypipeline.mcp.ToolResultChecks.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import org.junit.jupiter.params.provider.Arguments;

/** One row of a tool's case table: arguments in, error or not, and a substring the text must contain. */
record ToolCase(String name, Map<String, Object> args, boolean expectError, String messageContains) {
  static Arguments ok(String name, Map<String, Object> args, String messageContains) {
    return Arguments.of(new ToolCase(name, args, false, messageContains));
  }

  static Arguments error(String name, Map<String, Object> args, String messageContains) {
    return Arguments.of(new ToolCase(name, args, true, messageContains));
  }

  @Override
  public String toString() {
    return name;
  }

  /** Calls the handler directly, as the SDK would after schema validation, and checks the row. */
  McpSchema.CallToolResult run(McpTool tool) {
    McpSchema.CallToolResult r = tool.call(ToolContext.NONE, args);
    assertThat(r.isError()).as("%s: isError (text: %s)", name, text(r)).isEqualTo(expectError);
    assertThat(text(r)).as(name).contains(messageContains);
    if (expectError) {
      // Claude Code shows the model only structuredContent, so the message must be there as well as in the text.
      Map<String, Object> s = ToolResultChecks.structured(r);
      assertThat(s.get("error") + "\n" + s.get("nextStep")).as(name + ": structuredContent").contains(messageContains);
    }
    assertWellFormed(tool, r);
    return r;
  }
}
