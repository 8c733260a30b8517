package dev.deploypipeline.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeValidateToolTest {
  @TempDir Path root;
  Path project;
  ComposeValidateTool tool;

  @BeforeEach
  void setUp() throws Exception {
    project = Files.createDirectories(root.resolve("project"));
    Files.writeString(project.resolve("compose.yaml"), "services:\n  web:\n    image: nginx:1.27\n    restrat: always\n");
    Files.writeString(root.resolve("outside.yaml"), "services: {}\n");
    tool = new ComposeValidateTool(project);
  }

  @Test
  @SuppressWarnings("unchecked")
  void definitionIsReadOnlyWithInputAndOutputSchemas() {
    McpSchema.Tool def = tool.definition();
    assertThat(def.name()).isEqualTo("compose_validate");
    assertThat(def.annotations().readOnlyHint()).isTrue();
    assertThat(def.annotations().destructiveHint()).isFalse();
    assertThat(((Map<String, Object>) def.inputSchema().get("properties")).keySet()).contains("paths", "content", "envFile", "profiles");
    assertThat(def.outputSchema()).containsKey("properties");
  }

  @Test
  void pathsInsideTheProjectReturnStructuredFindings() {
    McpSchema.CallToolResult r = tool.call(ToolContext.NONE, Map.of("paths", List.of("compose.yaml")));
    assertThat(r.isError()).isFalse();
    @SuppressWarnings("unchecked")
    Map<String, Object> s = (Map<String, Object>) r.structuredContent();
    assertThat(s).containsEntry("valid", false).containsEntry("errors", 1L).containsEntry("files", List.of("compose.yaml"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> findings = (List<Map<String, Object>>) s.get("findings");
    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f).containsEntry("file", "compose.yaml").containsEntry("line", 4).containsEntry("column", 5)
          .containsEntry("ruleId", "unknown-key").containsEntry("severity", "error")
          .containsEntry("hint", "did you mean 'restart'?");
    });
    assertThat(((McpSchema.TextContent) r.content().get(0)).text()).startsWith("invalid: 1 error(s), 0 warning(s) in 1 file(s)");
  }

  @Test
  void inlineContentIsValidated() {
    McpSchema.CallToolResult r = tool.call(ToolContext.NONE, Map.of("content", "services:\n  web:\n    image: nginx:1.27\n"));
    assertThat(r.isError()).isFalse();
    assertThat(structured(r)).containsEntry("valid", true);
  }

  @Test
  void escapingTheProjectIsRefusedWithTheFix() throws Exception {
    Files.createSymbolicLink(project.resolve("link.yaml"), root.resolve("outside.yaml"));
    for (String bad : List.of("../outside.yaml", root.resolve("outside.yaml").toString(), "link.yaml")) {
      McpSchema.CallToolResult r = tool.call(ToolContext.NONE, Map.of("paths", List.of(bad)));
      assertThat(r.isError()).as(bad).isTrue();
      assertThat(structured(r)).as(bad).containsKey("nextStep");
      assertThat(String.valueOf(((Map<?, ?>) r.structuredContent()).get("error"))).contains("outside the project directory");
    }
    McpSchema.CallToolResult env = tool.call(ToolContext.NONE, Map.of("paths", List.of("compose.yaml"), "envFile", "../x.env"));
    assertThat(env.isError()).isTrue();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> structured(McpSchema.CallToolResult r) {
    return (Map<String, Object>) r.structuredContent();
  }

  @Test
  void missingFileAndBadArgumentCombinationsAreCallerErrors() {
    McpSchema.CallToolResult missing = tool.call(ToolContext.NONE, Map.of("paths", List.of("nope.yaml")));
    assertThat(missing.isError()).isTrue();
    assertThat(String.valueOf(((Map<?, ?>) missing.structuredContent()).get("error"))).contains("nope.yaml does not exist");
    assertThat(tool.call(ToolContext.NONE, Map.of()).isError()).isTrue();
    assertThat(tool.call(ToolContext.NONE, Map.of("paths", List.of("compose.yaml"), "content", "x: 1")).isError()).isTrue();
    assertThat(tool.call(ToolContext.NONE, Map.of("paths", List.of())).isError()).isTrue();
  }
}
