package dev.deploypipeline.mcp;

import static dev.deploypipeline.mcp.ToolResultChecks.assertWellFormed;
import static dev.deploypipeline.mcp.ToolResultChecks.structured;
import static dev.deploypipeline.mcp.ToolResultChecks.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole journeys through the tools alone, as an agent would make them. */
class ToolHappyPathTest {
  @TempDir
  Path dir;
  TestProject p;

  @AfterEach
  void close() {
    if (p != null) p.close();
  }

  private Map<String, Object> call(String tool, Map<String, Object> args) {
    McpTool t = p.tool(tool);
    McpSchema.CallToolResult r = t.call(ToolContext.NONE, args);
    assertThat(r.isError()).as("%s %s: %s", tool, args, text(r)).isFalse();
    assertWellFormed(t, r);
    return structured(r);
  }

  @Test
  void startApproveHistoryRollback() throws Exception {
    p = TestProject.create(dir, TestProject.GOOD_CONFIG);
    String head = TestProject.git(dir, "rev-parse", "HEAD");

    Map<String, Object> started = call("deploy_start", Map.of("service", "demo", "branch", "main", "wait", true));
    assertThat(started).containsEntry("deploymentId", "d-1").containsEntry("state", "awaiting-approval")
        .containsEntry("commit", head).containsEntry("version", head.substring(0, 12))
        .containsEntry("startedBy", TestProject.USER);
    assertThat(stageNames(started)).containsExactly("validating", "building", "testing", "deploying-dev",
        "deploying-staging");
    assertThat(started.get("legalEvents")).asList().contains("APPROVED", "REJECTED", "ROLLBACK");
    assertThat((String) started.get("nextStep")).contains("/deploy:approve d-1");

    // Without a client that can ask the human (no elicitation), the tool refuses and names the terminal command.
    var refused = p.tool("deploy_approve").call(ToolContext.NONE, Map.of("deploymentId", "d-1", "decision",
        "approve"));
    assertThat(refused.isError()).isTrue();
    assertThat(text(refused)).contains("deployment-pipeline deploy approve d-1");
    p.service.decide("d-1", "approve", TestProject.USER, "looks good", "cli");
    p.service.drive("d-1");
    Map<String, Object> approved = call("deploy_status", Map.of("deploymentId", "d-1"));
    assertThat(approved).containsEntry("state", "completed");
    assertThat(approved.get("approval")).asString().contains("decision=approve", "by=" + TestProject.USER,
        "comment=looks good");
    assertThat(approved.get("environments")).asList().hasSize(3);

    Map<String, Object> history = call("deploy_history", Map.of("service", "demo"));
    List<?> deployments = (List<?>) history.get("deployments");
    assertThat(deployments).hasSize(1);
    Map<?, ?> d1 = (Map<?, ?>) deployments.get(0);
    assertThat(d1.get("deploymentId")).isEqualTo("d-1");
    assertThat(d1.get("state")).isEqualTo("completed");
    @SuppressWarnings("unchecked") Map<String, Object> stageDurations = (Map<String, Object>) d1.get("stageDurationsMs");
    assertThat(stageDurations.keySet()).as("stage durations").contains("validating", "building", "deploying-prod");
    // The test clock moves a second per reading, so every stage that ran took measurable time.
    assertThat(stageDurations.values()).allSatisfy(v -> assertThat(((Number) v).longValue()).isPositive());
    assertThat(((Number) d1.get("approvalWaitMs")).longValue()).isPositive();
    assertThat(history.get("summary")).asString().contains("count=1", "completed=1", "successRate=1.0");

    Map<String, Object> rolledBack = call("deploy_rollback", Map.of("deploymentId", "d-1", "reason",
        "bad release"));
    assertThat(rolledBack).containsEntry("state", "rolled-back").containsEntry("rollbackReason", "bad release");
    assertThat(stageNames(rolledBack)).contains("rollback-prod", "rollback-staging", "rollback-dev");

    Map<String, Object> status = call("deploy_status", Map.of("deploymentId", "d-1"));
    assertThat(status).containsEntry("state", "rolled-back").containsEntry("stalled", false);
    assertThat(p.sleeps).as("nothing retried, so nothing waited").isEmpty();
  }

  @Test
  void rejectEndsFailedAndFreesTheService() throws Exception {
    p = TestProject.create(dir, TestProject.GOOD_CONFIG);
    call("deploy_start", Map.of("service", "demo", "branch", "main", "wait", true));
    var blocked = p.tool("deploy_start").call(ToolContext.NONE, Map.of("service", "demo", "branch", "main"));
    assertThat(blocked.isError()).isTrue();
    assertThat(text(blocked)).contains("already has an active deployment d-1");
    assertWellFormed(p.tool("deploy_start"), blocked);

    p.service.decide("d-1", "reject", TestProject.USER, "not today", "cli");
    Map<String, Object> rejected = call("deploy_status", Map.of("deploymentId", "d-1"));
    assertThat(rejected).containsEntry("state", "failed");
    // The deployment's own error (not a tool error: isError is false and the view is complete).
    assertThat((String) rejected.get("error")).contains("rejected by " + TestProject.USER, "not today");
    assertThat(call("deploy_start", Map.of("service", "demo", "branch", "main", "wait", true)))
        .containsEntry("deploymentId", "d-2");
  }

  @Test
  void failingStageEndsFailedWithItsLog() throws Exception {
    p = TestProject.create(dir, TestProject.GOOD_CONFIG.replace("\"echo built\"", "\"echo compiling; exit 1\""));
    Map<String, Object> s = call("deploy_start", Map.of("service", "demo", "branch", "main", "wait", true));
    assertThat(s).containsEntry("state", "failed").containsEntry("logStage", "building");
    assertThat(s.get("logTail")).asList().contains("compiling");
    assertThat((String) s.get("nextStep")).contains("deploy_status {\"deploymentId\":\"d-1\"}",
        "deploy_start {\"service\":\"demo\"", "deploy_rollback {\"deploymentId\":\"d-1\"")
        .as("MCP speaks in tool calls, not CLI commands").doesNotContain("deployment-pipeline");
    assertThat(p.service.get("d-1").error()).contains("building failed");
  }

  @Test
  void transientFailuresAreRetriedWithTheInjectedSleeper() throws Exception {
    String config = TestProject.GOOD_CONFIG.replace("\"echo built\"", "\"exit 75\"")
        .replace("\"retry\": {\"maxAttempts\": 1}", "\"retry\": {\"maxAttempts\": 3, \"backoffMs\": 1000}");
    p = TestProject.create(dir, config);
    Map<String, Object> s = call("deploy_start", Map.of("service", "demo", "branch", "main", "wait", true));
    assertThat(s).containsEntry("state", "failed");
    assertThat(s.get("stages")).asString().contains("stage=building", "attempts=3", "retries=2");
    assertThat(p.sleeps).hasSize(2).allSatisfy(d -> assertThat(d).isPositive().isLessThan(Duration.ofMinutes(1)));
  }

  @Test
  void waitGivesUpAtItsTimeoutAndADeadDriverShowsAsStalled() throws Exception {
    // The stage would outlive the test; the wait timeout (real time, 1 s) is the behaviour under test.
    p = TestProject.create(dir, TestProject.GOOD_CONFIG.replace("\"echo built\"", "\"sleep 60\""));
    Map<String, Object> s = call("deploy_start", Map.of("service", "demo", "branch", "main", "wait", true,
        "waitTimeoutSeconds", 1));
    assertThat(s).containsEntry("state", "building").containsEntry("stalled", false);
    assertThat((String) s.get("nextStep")).contains("in progress; check again with deploy_status {\"deploymentId\":\"d-1\"}");

    var refused = p.tool("deploy_rollback").call(ToolContext.NONE, Map.of("deploymentId", "d-1", "reason", "stuck"));
    assertThat(refused.isError()).isTrue();
    assertThat(text(refused)).contains("is in 'building'", "legal now: BUILD_COMPLETE, FAILURE");

    // The server goes away (it keeps its lease, so the next process resumes); here its pid is also gone.
    p.service.shutdown();
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    var lease = p.service.get("d-1").lease();
    p.service.store().write(w -> w.save(w.get("d-1").orElseThrow().withLease(
        new dev.deploypipeline.workflow.Lease(lease.host(), gone.pid(), lease.heartbeatAt()))));
    Map<String, Object> status = call("deploy_status", Map.of("deploymentId", "d-1"));
    assertThat(status).containsEntry("state", "building").containsEntry("stalled", true);
    assertThat((String) status.get("nextStep")).contains("take it over: deploy_resume {\"deploymentId\":\"d-1\"}");
  }

  @Test
  void configErrorsNameTheFileAndTheField() throws Exception {
    p = TestProject.seeded(dir);
    TestProject.writeConfig(dir, TestProject.GOOD_CONFIG.replace("\"build\":", "\"buld\":"));
    for (var c : List.of(
        Map.entry("deploy_start", Map.<String, Object>of("service", "demo", "branch", "main")),
        Map.entry("deploy_approve", Map.<String, Object>of("deploymentId", "d-3", "decision", "approve")),
        Map.entry("deploy_rollback", Map.<String, Object>of("deploymentId", "d-3", "reason", "config broke")))) {
      McpTool tool = p.tool(c.getKey());
      var r = tool.call(ToolContext.NONE, c.getValue());
      assertThat(r.isError()).as(c.getKey()).isTrue();
      assertThat(text(r)).as(c.getKey()).contains(dir.resolve(".claude/deployment-config.json").toString(),
          "stages.buld: unknown stage; did you mean 'build'?", "stages.build: is missing");
      assertWellFormed(tool, r);
    }
    assertThat(p.service.get("d-3").state().id()).as("refused calls change nothing").isEqualTo("awaiting-approval");
  }

  @Test
  void missingConfigSaysHowToCreateIt() throws Exception {
    p = TestProject.create(dir, TestProject.GOOD_CONFIG);
    java.nio.file.Files.delete(dir.resolve(".claude/deployment-config.json"));
    var r = p.tool("deploy_start").call(ToolContext.NONE, Map.of("service", "demo", "branch", "main"));
    assertThat(r.isError()).isTrue();
    assertThat(text(r)).contains(dir.resolve(".claude").toString(), "create .claude/deployment-config.json");
    assertWellFormed(p.tool("deploy_start"), r);
  }

  private static List<Object> stageNames(Map<String, Object> view) {
    return ((List<?>) view.get("stages")).stream().map(s -> ((Map<?, ?>) s).get("stage")).map(Object.class::cast)
        .toList();
  }
}
