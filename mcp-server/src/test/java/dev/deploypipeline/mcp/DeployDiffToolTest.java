package dev.deploypipeline.mcp;

import static dev.deploypipeline.mcp.ToolCase.error;
import static dev.deploypipeline.mcp.ToolCase.ok;
import static dev.deploypipeline.mcp.ToolResultChecks.structured;
import static dev.deploypipeline.mcp.ToolResultChecks.text;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy_diff over a real history: d-1 (tagged v1.0.0) completed in prod; then a feat and a fix, the second
 * changing prod's config with a planted password; d-2 waits at the gate, current in staging.
 */
class DeployDiffToolTest {
  static final String PLANTED = "pl4nted-Pa55word";
  @TempDir static Path dir;
  static TestProject p;

  @BeforeAll
  static void history() throws Exception {
    p = TestProject.create(dir, TestProject.GOOD_CONFIG);
    Files.writeString(dir.resolve(".gitignore"), ".claude/deployments/\n");
    commit("chore: pipeline config");
    TestProject.git(dir, "tag", "v1.0.0");
    String d1 = p.service.start("demo", "main", null, TestProject.USER).id();
    p.service.drive(d1);
    p.service.decide(d1, "approve", TestProject.USER, "ok");
    p.service.drive(d1);
    commit("feat(cart): coupons");
    TestProject.writeConfig(dir, TestProject.GOOD_CONFIG.replace("echo deployed prod",
        "echo deployed prod --password " + PLANTED));
    commit("fix: prod deploy flags");
    p.service.drive(p.service.start("demo", "main", null, TestProject.USER).id());
  }

  static void commit(String message) throws Exception {
    TestProject.git(dir, "add", "-A");
    TestProject.git(dir, "-c", "user.email=" + TestProject.USER, "-c", "user.name=Tess Ter", "commit", "-q",
        "--allow-empty", "-m", message);
  }

  @AfterAll
  static void close() {
    p.close();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        ok("prod against staging's candidate", Map.of("environment", "prod"), "2 commits: 1 feat, 1 fix"),
        ok("a tag as the candidate", Map.of("environment", "staging", "version", "1.0.0"),
            "2 running commit(s) go away"),
        ok("the same commit", Map.of("environment", "prod", "version", "v1.0.0"),
            "No change: prod already runs this commit."),
        error("environment missing", Map.of(), "environment: is required"),
        error("environment malformed", Map.of("environment", "Prod!"), "environment: 'Prod!' is not an "
            + "environment name such as prod"),
        error("environment unknown", Map.of("environment", "qa"), "environment: 'qa' is not an environment of this "
            + "pipeline; configured: dev, staging, prod"),
        error("version unknown", Map.of("environment", "prod", "version", "9.9.9"),
            "version 9.9.9 is unknown: no deployment recorded it and there is no git tag v9.9.9"),
        error("version not a string", Map.of("environment", "prod", "version", 9), "version: must be a string"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void cases(ToolCase c) {
    c.run(p.tool("deploy_diff"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theDiffNamesCommitsAndTheChangedKeyButNeverThePlantedValue() {
    McpSchema.CallToolResult r = p.tool("deploy_diff").call(ToolContext.NONE, Map.of("environment", "prod"));
    Map<String, Object> s = structured(r);
    assertThat((Map<String, Object>) s.get("running")).containsEntry("deploymentId", "d-1");
    assertThat((Map<String, Object>) s.get("candidate")).containsEntry("deploymentId", "d-2")
        .containsEntry("source", "current in staging");
    assertThat((List<Map<String, Object>>) s.get("commits")).extracting(c -> c.get("type") + " " + c.get("author"))
        .containsExactly("fix Tess Ter", "feat Tess Ter");
    assertThat((List<Map<String, Object>>) s.get("configChanges")).containsExactly(Map.of("scope", "prod", "key",
        "deploy.command", "change", "changed", "secret", true));
    assertThat(text(r) + s).doesNotContain(PLANTED);
    assertThat(text(r)).startsWith("prod: ").contains("1 config change (1 secret, names only): prod deploy.command "
        + "changed");
    assertThat(p.service.get("d-2").state().id()).as("read-only").isEqualTo("awaiting-approval");
  }
}
