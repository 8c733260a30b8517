package dev.deploypipeline.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code env_show}, {@code env_create} and {@code env_delete} as case tables on one real project; the rows run in
 * order (create before the rows that see the created environment), and a refused or invalid row changes nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnvConfigToolsTest {
  @TempDir static Path dir;
  static TestProject p;
  static Path config;

  @BeforeAll
  static void setUp() throws Exception {
    p = TestProject.create(dir, TestProject.GOOD_CONFIG);
    config = dir.resolve(".claude/deployment-config.json");
  }

  @AfterAll
  static void tearDown() {
    p.close();
  }

  static Stream<Arguments> showCases() {
    return Stream.of(
        ToolCase.ok("a configured environment", Map.of("environment", "staging"), "staging: staging, step 2 of "
            + "the promotion path"),
        ToolCase.ok("prod is production", Map.of("environment", "prod"), "\"requiresApproval\" : true"),
        ToolCase.error("an unknown environment", Map.of("environment", "qa"), "no environment 'qa'; configured: dev, "
            + "staging, prod"),
        ToolCase.error("not a name", Map.of("environment", "../prod"), "'../prod' is not an environment name"),
        ToolCase.error("missing", Map.of(), "environment: is required"));
  }

  static Stream<Arguments> createCases() {
    Map<String, Object> deploy = Map.of("deploy", Map.of("command", "echo deployed"));
    return Stream.of(
        ToolCase.ok("qa after dev", Map.of("environment", "qa", "type", "development", "after", "dev",
            "url", "http://127.0.0.1:9/", "spec", deploy), "created qa (development), step 2 of the promotion path"),
        ToolCase.ok("prod-us beside prod", Map.of("environment", "prod-us", "type", "production", "parallelWith",
            "prod", "spec", deploy), "created prod-us (production), step 4 of the promotion path"),
        ToolCase.ok("preview off the path", Map.of("environment", "preview", "type", "development", "spec", deploy),
            "created preview (development), off the promotion path"),
        ToolCase.error("an existing name", Map.of("environment", "qa", "type", "development", "spec", deploy),
            "environment 'qa' already exists"),
        ToolCase.error("an invalid spec names its path", Map.of("environment", "perf", "type", "development",
            "spec", Map.of("deploy", Map.of("comand", "x"))), "environments.perf.deploy.comand: unknown key"),
        ToolCase.error("a bad type", Map.of("environment", "perf", "type", "test"), "type: must be one of"),
        ToolCase.error("both placements", Map.of("environment", "perf", "type", "development", "after", "dev",
            "parallelWith", "prod", "spec", deploy), "exclude each other"),
        ToolCase.error("an anchor off the path", Map.of("environment", "perf", "type", "development", "after",
            "nope", "spec", deploy), "'nope' is not on the promotion path"),
        ToolCase.error("spec not an object", Map.of("environment", "perf", "type", "development", "spec", "x"),
            "spec: must be an object"));
  }

  static Stream<Arguments> deleteCases() {
    return Stream.of(
        ToolCase.ok("a development environment", Map.of("environment", "preview"), "deleted preview"),
        ToolCase.error("production over MCP", Map.of("environment", "prod-us"), "needs a verified human"),
        ToolCase.error("production names the terminal command", Map.of("environment", "prod"),
            "deployment-pipeline env delete prod"),
        ToolCase.error("an unknown one", Map.of("environment", "preview"), "no environment 'preview'"));
  }

  @Order(1)
  @ParameterizedTest(name = "env_show: {0}")
  @MethodSource("showCases")
  void envShow(ToolCase c) {
    c.run(p.tool("env_show"));
  }

  @Order(2)
  @ParameterizedTest(name = "env_create: {0}")
  @MethodSource("createCases")
  void envCreate(ToolCase c) throws Exception {
    String before = Files.readString(config);
    McpSchema.CallToolResult r = c.run(p.tool("env_create"));
    if (c.expectError()) assertThat(Files.readString(config)).as("nothing written").isEqualTo(before);
    else assertThat(Files.readString(config)).contains("\"" + c.args().get("environment") + "\": {");
    assertThat(r.isError()).isEqualTo(c.expectError());
  }

  @Order(3)
  @ParameterizedTest(name = "env_delete: {0}")
  @MethodSource("deleteCases")
  void envDelete(ToolCase c) throws Exception {
    String before = Files.readString(config);
    c.run(p.tool("env_delete"));
    if (c.expectError()) assertThat(Files.readString(config)).as("nothing written").isEqualTo(before);
  }

  @Test
  @Order(4)
  @SuppressWarnings("unchecked")
  void theListCarriesTheConfigFactsBesideTheEnvFiles() throws Exception {
    Files.writeString(dir.resolve(".env.production"), "API_TOKEN=age:YWdl\nLOG=info\n");
    Files.writeString(dir.resolve(".env"), "A=1\n");
    Map<String, Object> s = ToolResultChecks.structured(p.tool("env_list").call(ToolContext.NONE, Map.of()));
    List<Map<String, Object>> rows = (List<Map<String, Object>>) s.get("environments");
    Map<String, Object> prod = rows.stream().filter(r -> r.get("environment").equals("prod")).findFirst()
        .orElseThrow();
    assertThat(prod).containsEntry("configured", true).containsEntry("type", "production")
        .containsEntry("file", ".env.production").containsEntry("keys", 2).containsEntry("encrypted", 1)
        .containsEntry("secretNames", List.of("API_TOKEN")).containsEntry("requiresApproval", true);
    assertThat(rows.get(rows.size() - 1)).containsEntry("environment", "default").containsEntry("configured", false);
    assertThat(rows.stream().filter(r -> "production".equals(r.get("environment")))).as("joined, not repeated")
        .isEmpty();
  }

  @Test
  void annotationsSayWhatEachToolDoes() {
    assertThat(p.tool("env_show").definition().annotations().readOnlyHint()).isTrue();
    assertThat(p.tool("env_create").definition().annotations().readOnlyHint()).isFalse();
    assertThat(p.tool("env_delete").definition().annotations().destructiveHint()).isTrue();
  }
}
