package dev.deploypipeline.mcp;

import static dev.deploypipeline.mcp.ToolCase.error;
import static dev.deploypipeline.mcp.ToolCase.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.testutil.HelmBinary;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
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

/** helm_check on a copy of examples/helm (config mode and chart mode) and a broken copy, through the real helm. */
class HelmCheckToolTest {
  @TempDir static Path root;
  static Path project;
  static HelmCheckTool tool;

  @BeforeAll
  static void setUp() throws IOException {
    Path helm = HelmBinary.require();
    project = root.resolve("project");
    HelmBinary.copyExample(project);
    // A broken variant beside the good chart: a template that does not parse, and values against the schema.
    Path broken = project.resolve("broken");
    Files.createDirectories(broken.resolve("templates"));
    Files.copy(project.resolve("chart/Chart.yaml"), broken.resolve("Chart.yaml"));
    Files.copy(project.resolve("chart/values.schema.json"), broken.resolve("values.schema.json"));
    Files.copy(project.resolve("chart/values.yaml"), broken.resolve("values.yaml"));
    Files.writeString(broken.resolve("templates/service.yaml"), "apiVersion: v1\nkind: Service\nmetadata:\n"
        + "  name: {{ .Release.Name }\n");
    Files.writeString(project.resolve("values-bad.yaml"), "replicaCount: 50\n");
    Files.writeString(root.resolve("outside.yaml"), "x: 1\n");
    Map<String, String> env = Map.of("PATH", helm.getParent() + ":/usr/bin:/bin", "HOME", root.toString());
    tool = new HelmCheckTool(project, () -> new ConfigLoader(env).withoutChannelChecks().load(project), env);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        ok("the project's config", Map.of(), "valid: 0 error(s), 0 warning(s) in chart chart for dev, staging, prod"),
        ok("one environment of the config", Map.of("environments", List.of("prod")), "for prod"),
        ok("a chart by path with its own values", Map.of("chart", "chart"), "valid: 0 error(s), 2 warning(s)"),
        ok("secrets declared existing", Map.of("chart", "chart", "existingSecrets", List.of("members-db", "members-session")),
            "valid: 0 error(s), 0 warning(s)"),
        ok("a schema violation", Map.of("chart", "chart", "values", Map.of("prod", List.of("values-bad.yaml")),
            "existingSecrets", List.of("members-db", "members-session")),
            "values-bad.yaml:1  error  values-schema  replicaCount: maximum: got 50, want 20"),
        ok("a broken chart", Map.of("chart", "broken"), "broken/templates/service.yaml:4  error  template"),
        ok("a required secret nobody provides", Map.of("chart", "chart", "requiredSecrets", List.of("members-tls")),
            "chart  error  secret-missing  required Secret 'members-tls'"),
        error("no such chart", Map.of("chart", "nope"), "chart 'nope': no Chart.yaml"),
        error("a chart outside the project", Map.of("chart", "../outside"), "path '../outside' is outside the project directory"),
        error("a values file outside the project", Map.of("chart", "chart", "values", Map.of("dev", List.of("/etc/passwd"))),
            "is outside the project directory"),
        error("a missing values file", Map.of("chart", "chart", "values", Map.of("dev", List.of("values-qa.yaml"))),
            "values file 'values-qa.yaml' of environment dev does not exist"),
        error("an environment the config lacks", Map.of("environments", List.of("qa")), "environment 'qa' is not configured"),
        error("values without a chart", Map.of("values", Map.of("dev", List.of("values-dev.yaml"))),
            "values, requiredSecrets and existingSecrets apply only with chart"),
        error("chart of wrong type", Map.of("chart", 3), "chart: must be a string"),
        error("values of wrong type", Map.of("chart", "chart", "values", List.of("values-dev.yaml")),
            "values: must be an object"),
        error("environments of wrong type", Map.of("environments", "prod"), "'environments' must be an array of strings"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void table(ToolCase c) {
    c.run(tool);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aSchemaViolationComesBackWithFileAndLine() {
    McpSchema.CallToolResult r = tool.call(ToolContext.NONE, Map.of("chart", "chart",
        "values", Map.of("prod", List.of("values-bad.yaml"))));
    Map<String, Object> s = (Map<String, Object>) r.structuredContent();
    assertThat(s).containsEntry("valid", false).containsEntry("chart", "chart").containsEntry("environments", List.of("prod"));
    assertThat((List<Map<String, Object>>) s.get("findings")).first().satisfies(f -> assertThat(f)
        .containsEntry("file", "values-bad.yaml").containsEntry("line", 1).containsEntry("ruleId", "values-schema")
        .containsEntry("severity", "error").containsEntry("environments", List.of("prod")));
  }

  @Test
  void definitionIsReadOnly() {
    McpSchema.Tool def = tool.definition();
    assertThat(def.name()).isEqualTo("helm_check");
    assertThat(def.annotations().readOnlyHint()).isTrue();
    assertThat(def.annotations().destructiveHint()).isFalse();
  }
}
