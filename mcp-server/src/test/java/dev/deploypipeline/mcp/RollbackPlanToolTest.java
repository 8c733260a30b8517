package dev.deploypipeline.mcp;

import static dev.deploypipeline.mcp.ToolCase.error;
import static dev.deploypipeline.mcp.ToolResultChecks.assertWellFormed;
import static dev.deploypipeline.mcp.ToolResultChecks.structured;
import static dev.deploypipeline.mcp.ToolResultChecks.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.store.AuditEntry;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * rollback_plan over a real history: v1 (a Caddyfile, one migration) then v2 (the Caddyfile changed, a second
 * migration), both completed in prod. The plan goes from v2 back to v1 and knows what changed between them; executing
 * in prod without a verified human is refused and audited; in staging it rolls back through the pipeline.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollbackPlanToolTest {
  @TempDir static Path dir;
  static TestProject p;
  static String v1;
  static String v2;

  @BeforeAll
  static void history() throws Exception {
    p = TestProject.create(dir, TestProject.GOOD_CONFIG);
    Files.createDirectories(dir.resolve("db/migrate"));
    Files.writeString(dir.resolve("db/migrate/001_create.sql"), "create table t (id int);\n");
    Files.writeString(dir.resolve("Caddyfile"), "www.example.test {\n\treverse_proxy 127.0.0.1:8080\n}\n");
    v1 = deployToProd("v1");
    Files.writeString(dir.resolve("db/migrate/002_add.sql"), "alter table t add column n int;\n");
    Files.writeString(dir.resolve("Caddyfile"), "www.example.test {\n\treverse_proxy 127.0.0.1:9090\n}\n");
    v2 = deployToProd("v2");
  }

  private static String deployToProd(String message) throws Exception {
    TestProject.git(dir, "add", "-A");
    TestProject.git(dir, "-c", "user.email=" + TestProject.USER, "-c", "user.name=Tester", "commit", "-q", "-m",
        message);
    String id = p.service.start("demo", "main", null, TestProject.USER).id();
    p.service.drive(id);
    p.service.decide(id, "approve", TestProject.USER, "ok");
    p.service.drive(id);
    assertThat(p.service.get(id).state().id()).isEqualTo("completed");
    return p.service.get(id).version();
  }

  @AfterAll
  static void close() {
    p.close();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        error("unknown environment", Map.of("environment", "qa"), "environment: 'qa' is not an environment of this project (configured: dev, staging, prod)"),
        error("execute without a reason", Map.of("execute", true), "reason: is required with execute"),
        error("a version never deployed there", Map.of("toVersion", "9.9.9"),
            "version 9.9.9 was never deployed to prod"),
        error("execute of wrong type", Map.of("execute", "yes"), "execute: must be true or false"),
        error("prod needs a verified human", Map.of("execute", true, "reason", "bad release"),
            "executing the rollback plan in prod needs a verified human"));
  }

  @Order(1)
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusals(ToolCase c) {
    c.run(p.tool("rollback_plan"));
    assertThat(p.service.get("d-2").state().id()).isEqualTo("completed");
  }

  @Order(2)
  @Test
  void refusedExecutionIsAuditedAndNamesTheWaysThatWork() {
    McpSchema.CallToolResult r = p.tool("rollback_plan").call(ToolContext.NONE, Map.of("execute", true, "reason",
        "bad release"));
    assertThat(structured(r).get("nextStep")).asString().contains("deployment-pipeline rollback-plan --env prod "
        + "--to-version " + v1 + " --execute", "deploy_rollback with environment prod and toVersion " + v1);
    List<AuditEntry> audit = p.service.audit("d-2");
    assertThat(audit).anySatisfy(e -> {
      assertThat(e.event()).isEqualTo("REFUSED");
      assertThat(e.details()).containsEntry("attempted", "ROLLBACK").containsEntry("environment", "prod")
          .containsEntry("verifiedBy", "none");
    });
  }

  @Order(3)
  @Test
  @SuppressWarnings("unchecked")
  void thePlanGoesBackToWhatTheCurrentReleaseReplaced() {
    McpTool tool = p.tool("rollback_plan");
    McpSchema.CallToolResult r = tool.call(ToolContext.NONE, Map.of());
    assertThat(r.isError()).as(text(r)).isFalse();
    assertWellFormed(tool, r);
    Map<String, Object> plan = structured(r);
    assertThat(plan).containsEntry("environment", "prod").containsEntry("possible", true);
    assertThat((Map<String, Object>) plan.get("from")).containsEntry("deploymentId", "d-2").containsEntry("version", v2);
    assertThat((Map<String, Object>) plan.get("to")).containsEntry("deploymentId", "d-1").containsEntry("version", v1);
    assertThat(plan.get("caddy")).asString().startsWith("Caddyfile changed since " + v1 + ": the script reloads");
    assertThat((List<Map<String, Object>>) plan.get("irreversible")).anySatisfy(i -> {
      assertThat(i).containsEntry("kind", "migration").containsEntry("name", "db/migrate");
      assertThat(i.get("detail")).asString().startsWith("1 migration file(s) in db/migrate/ changed since " + v1
          + " (db/migrate/002_add.sql)");
    });
    // No compose target here: the environment's rollback command, with the pipeline's variables.
    assertThat(plan.get("script")).asString().contains("bash -c 'echo rolled back prod'", "reverse_proxy 127.0.0.1:8080");
    assertThat(text(r)).startsWith("# Rollback plan: demo in prod");
  }

  @Order(4)
  @Test
  @SuppressWarnings("unchecked")
  void executingInStagingRollsBackThroughThePipeline() {
    McpTool tool = p.tool("rollback_plan");
    McpSchema.CallToolResult r = tool.call(ToolContext.NONE, Map.of("environment", "staging", "execute", true,
        "reason", "staging is broken"));
    assertThat(r.isError()).as(text(r)).isFalse();
    assertWellFormed(tool, r);
    Map<String, Object> out = structured(r);
    assertThat(out).containsEntry("executed", true);
    assertThat((Map<String, Object>) out.get("deployment")).containsEntry("deploymentId", "d-2");
    assertThat(p.service.audit("d-2")).anySatisfy(e -> assertThat(String.valueOf(e.details().get("reason")))
        .isEqualTo("rollback-plan: staging is broken"));
  }

  @Order(5)
  @Test
  void theFirstReleaseHasNothingBehindIt() throws Exception {
    Path other = Files.createTempDirectory(dir, "first");
    try (TestProject q = TestProject.create(other, TestProject.GOOD_CONFIG)) {
      String id = q.service.start("demo", "main", null, TestProject.USER).id();
      q.service.drive(id);
      McpSchema.CallToolResult r = q.tool("rollback_plan").call(ToolContext.NONE, Map.of("environment", "staging"));
      assertThat(r.isError()).isFalse();
      assertThat(structured(r)).containsEntry("possible", false).containsEntry("reason", id + " ("
          + q.service.get(id).version() + ") is the first release recorded in staging; there is no earlier one");
    }
  }
}
