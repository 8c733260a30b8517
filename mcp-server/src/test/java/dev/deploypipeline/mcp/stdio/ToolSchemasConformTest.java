package dev.deploypipeline.mcp.stdio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.app.App;
import dev.deploypipeline.mcp.McpTool;
import dev.deploypipeline.mcp.ToolSupport;
import dev.deploypipeline.mcp.Tools;
import dev.deploypipeline.workflow.Sleeper;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The meta-schema check the SDK would run on every start-up ({@link LazySchemaValidator} skips it there): every
 * tool's input and output schema, as served, conforms to JSON Schema.
 */
class ToolSchemasConformTest {
  final JsonSchemaValidator real = McpJsonDefaults.getSchemaValidator();

  @Test
  void everyServedSchemaConformsToTheMetaSchema(@TempDir Path dir) {
    var service = App.service(dir, Map.of(), Clock.systemUTC(), Sleeper.REAL, List.of());
    try {
      var tools = Tools.all(service, Map.of(), Sleeper.REAL, Clock.systemUTC());
      assertThat(tools).hasSizeGreaterThanOrEqualTo(9);
      for (McpTool t : tools) {
        var served = McpStdioServer.spec(t).tool();
        real.assertConforms("tool " + served.name() + " inputSchema", toMap(served.inputSchema()));
        real.assertConforms("tool " + served.name() + " outputSchema", served.outputSchema());
      }
    } finally {
      service.shutdown();
    }
  }

  @Test
  void theCheckRejectsABrokenSchema() {
    assertThatThrownBy(() -> real.assertConforms("broken", Map.of("type", 5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("broken");
  }

  @Test
  void theLazyValidatorStillValidatesContent() {
    var lazy = new LazySchemaValidator();
    Map<String, Object> schema = Map.of("type", "object", "required", List.of("n"),
        "properties", Map.of("n", Map.of("type", "integer")));
    assertThat(lazy.validate(schema, Map.of("n", 1)).valid()).isTrue();
    assertThat(lazy.validate(schema, Map.of("n", "x")).valid()).isFalse();
  }

  /** Same verdicts and messages as the SDK's validator, on a table of contents, with schemas cached by identity. */
  @Test
  void theLazyValidatorAgreesWithTheSdksOwn() {
    var lazy = new LazySchemaValidator();
    Map<String, Object> schema = ToolSupport.acceptingErrors(ToolSupport.tool("t", "T", "-", "{\"type\":\"object\"}",
        ToolSupport.outputSchema("\"n\":{\"type\":\"integer\",\"minimum\":1}", "n"),
        ToolSupport.annotations("T", true, false, true), null)).outputSchema();
    List<Object> contents = List.of(Map.of("n", 1), Map.of("n", 0), Map.of("n", "x"), Map.of(), Map.of("error", "e"),
        Map.of("error", 5), "{\"n\":2}", "{\"n\":-1}");
    for (int round = 0; round < 2; round++) {
      for (Object c : contents) {
        var ours = lazy.validate(schema, c);
        var sdk = real.validate(schema, c);
        assertThat(ours.valid()).as("%s", c).isEqualTo(sdk.valid());
        assertThat(ours.errorMessage()).as("%s", c).isEqualTo(sdk.errorMessage());
      }
    }
    assertThat(lazy.validate(Map.of("type", "object", "required", List.of("n")), Map.of()).valid()).isFalse();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> toMap(Object schema) {
    return ToolSupport.json().convertValue(schema, Map.class);
  }
}
