package dev.deploypipeline.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tool definitions are public API (the model reads them, clients cache them): each one is pinned in
 * {@code src/test/resources/toolsnaps/<tool>.json}. A change fails here until it is reviewed and the snapshots are
 * rewritten with {@code -DupdateToolsnaps=true}. A missing snapshot fails too, so a new tool cannot slip in unseen.
 */
class ToolSnapshotTest {
  static final Path SNAP_DIR = Path.of("src", "test", "resources", "toolsnaps");
  private static final Pattern NAME = Pattern.compile("^[a-z]+(_[a-z]+)+$");
  private static final JsonMapper CANONICAL = JsonMapper.builder()
      .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  @TempDir
  static Path project;
  static TestProject p;

  @BeforeAll
  static void setUp() throws Exception {
    p = TestProject.create(project, TestProject.GOOD_CONFIG);
  }

  @AfterAll
  static void tearDown() {
    p.close();
  }

  static Stream<McpTool> tools() {
    return p.tools().stream();
  }

  /** The definition exactly as it goes on the wire (the SDK's own mapper), then with sorted keys. */
  static String canonical(McpSchema.Tool tool) throws Exception {
    String wire = McpJsonDefaults.getMapper().writeValueAsString(tool);
    return CANONICAL.writeValueAsString(CANONICAL.readTree(wire)) + "\n";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tools")
  void definitionMatchesSnapshot(McpTool tool) throws Exception {
    McpSchema.Tool def = tool.definition();
    Path snap = SNAP_DIR.resolve(def.name() + ".json");
    String actual = canonical(def);
    if (Boolean.getBoolean("updateToolsnaps")) {
      Files.createDirectories(SNAP_DIR);
      Files.writeString(snap, actual, StandardCharsets.UTF_8);
      return;
    }
    if (!Files.exists(snap)) {
      fail("no snapshot " + snap.toAbsolutePath() + " for tool " + def.name()
          + "; review the definition and create it with -DupdateToolsnaps=true");
    }
    assertThat(actual).as("definition of %s vs %s (after a reviewed change, rerun with -DupdateToolsnaps=true)",
        def.name(), snap).isEqualTo(Files.readString(snap, StandardCharsets.UTF_8));
  }

  @Test
  void everySnapshotBelongsToATool() throws Exception {
    assumeFalse(Boolean.getBoolean("updateToolsnaps"), "snapshots are being rewritten");
    List<String> names = tools().map(t -> t.definition().name() + ".json").sorted().toList();
    try (Stream<Path> files = Files.list(SNAP_DIR)) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
          .as("stale snapshots for removed or renamed tools").isEqualTo(names);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tools")
  void definitionFollowsTheHouseRules(McpTool tool) {
    McpSchema.Tool def = tool.definition();
    assertThat(def.name()).matches(NAME);
    assertThat(def.title()).isNotBlank();
    assertThat(def.description()).isNotBlank();
    assertThat(def.annotations()).as("annotations").isNotNull();
    assertThat(def.annotations().readOnlyHint()).as("%s sets readOnlyHint explicitly", def.name()).isNotNull();
    assertThat(def.annotations().destructiveHint()).as("%s sets destructiveHint explicitly", def.name()).isNotNull();
    assertThat(def.inputSchema()).containsEntry("type", "object").containsEntry("additionalProperties", false);
    assertThat(def.outputSchema()).as("outputSchema").containsEntry("type", "object");
    // The SDK's validator really enforces the schema: an unknown argument is refused before the handler runs.
    var refused = McpJsonDefaults.getSchemaValidator().validate(def.inputSchema(), Map.of("unexpected", 1));
    assertThat(refused.valid()).as("%s refuses unknown arguments", def.name()).isFalse();
    assertThat(refused.errorMessage()).contains("unexpected");
  }

  @Test
  void rollbackIsDestructiveAndHumanGated() {
    McpSchema.Tool rollback = p.tool("deploy_rollback").definition();
    assertThat(rollback.annotations().destructiveHint()).isTrue();
    assertThat(rollback.annotations().readOnlyHint()).isFalse();
    for (String name : List.of("deploy_approve", "deploy_rollback")) {
      assertThat(p.tool(name).definition().meta()).as(name + " _meta")
          .containsEntry("anthropic/requiresUserInteraction", true);
    }
  }

  @Test
  void readOnlyToolsAreTheQueries() {
    assertThat(tools().filter(t -> t.definition().annotations().readOnlyHint()).map(t -> t.definition().name()))
        .containsExactlyInAnyOrder("deploy_status", "deploy_history", "deploy_validate", "compose_validate", "env_list",
            "env_diff", "helm_check", "harness_get_execution", "flags_list", "host_check", "release_notes");
  }
}
