package dev.deploypipeline.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code env_list} and {@code env_diff}: read-only, names and counts only, as a case table per tool. */
class EnvToolsTest {
  static final String PASSWORD = "pg-devpass-417";
  static final String TOKEN = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
  @TempDir static Path project;
  static EnvListTool list;
  static EnvDiffTool diff;

  @BeforeAll
  static void setUp() throws Exception {
    Files.writeString(project.resolve(".env"), "DB_HOST=localhost\nDB_PASSWORD=" + PASSWORD + "\n");
    Files.writeString(project.resolve(".env.staging"), "DB_HOST=db.staging\nGH=" + TOKEN + "\n");
    Files.writeString(project.resolve(".env.production"), "DB_HOST=db.prod\nDB_PASSWORD=age:YWdl\n");
    Files.writeString(project.resolve(".env.production.recipients"), "age1example\n");
    list = new EnvListTool(project);
    diff = new EnvDiffTool(project);
  }

  static Stream<Arguments> listCases() {
    return Stream.of(
        ToolCase.ok("every environment", Map.of(), "production"),
        ToolCase.ok("one by alias", Map.of("environments", List.of("prod")), ".env.production"),
        ToolCase.ok("an environment without a file", Map.of("environments", List.of("qa")), ".env.qa (none)"),
        ToolCase.error("a path as a name", Map.of("environments", List.of("../etc")), "is not a name"),
        ToolCase.error("not an array", Map.of("environments", "prod"), "must be an array of strings"));
  }

  static Stream<Arguments> diffCases() {
    return Stream.of(
        ToolCase.ok("every environment", Map.of(), "values are compared, never shown"),
        ToolCase.ok("two environments", Map.of("environments", List.of("staging", "production")), "DB_HOST"),
        ToolCase.error("a bad name", Map.of("environments", List.of("a/b")), "is not a name"),
        ToolCase.error("not strings", Map.of("environments", List.of(1)), "must be an array of strings"));
  }

  @ParameterizedTest(name = "env_list: {0}")
  @MethodSource("listCases")
  void envList(ToolCase c) {
    neverAValue(c.run(list));
  }

  @ParameterizedTest(name = "env_diff: {0}")
  @MethodSource("diffCases")
  void envDiff(ToolCase c) {
    neverAValue(c.run(diff));
  }

  @Test
  @SuppressWarnings("unchecked")
  void listCountsAndDiffMarksAreRight() {
    Map<String, Object> l = ToolResultChecks.structured(list.call(ToolContext.NONE, Map.of()));
    List<Map<String, Object>> rows = (List<Map<String, Object>>) l.get("environments");
    assertThat(rows).extracting(r -> r.get("environment")).containsExactly("default", "production", "staging");
    assertThat(rows.get(1)).containsEntry("keys", 2).containsEntry("secrets", 1).containsEntry("encrypted", 1)
        .containsEntry("plaintextSecrets", 0).containsEntry("recipients", ".env.production.recipients");
    assertThat(rows.get(2)).containsEntry("plaintextSecrets", 1);
    Map<String, Object> d = ToolResultChecks.structured(diff.call(ToolContext.NONE, Map.of()));
    List<Map<String, Object>> keys = (List<Map<String, Object>>) d.get("keys");
    assertThat(keys).extracting(k -> k.get("key") + "=" + k.get("values"))
        .containsExactly("DB_HOST=differ", "DB_PASSWORD=unknown", "GH=single");
    assertThat(d).containsEntry("missing", 2L);
  }

  @Test
  void bothAreReadOnly() {
    for (McpTool t : List.of(list, diff)) {
      McpSchema.Tool def = t.definition();
      assertThat(def.annotations().readOnlyHint()).as(def.name()).isTrue();
      assertThat(def.annotations().destructiveHint()).as(def.name()).isFalse();
    }
  }

  private static void neverAValue(McpSchema.CallToolResult r) {
    String all = ToolResultChecks.text(r) + r.structuredContent();
    assertThat(all).doesNotContain(PASSWORD, TOKEN, "localhost", "db.staging", "db.prod", "YWdl");
  }
}
