package dev.deploypipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.testutil.TestProjects;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The deploy commands through the real command tree on a real project (git, bash stages, file store). */
class CliDeployTest {
  @TempDir Path dir;

  private CliRun run(String... args) {
    return CliRun.in(dir, args);
  }

  private void project() throws Exception {
    TestProjects.gitProject(dir, TestProjects.config("true", "true", "true", "true", "true", null));
  }

  @Test
  void startWithoutArgumentsDeploysTheConfiguredServiceFromMain() throws Exception {
    project();
    CliRun r = run("deploy", "start");
    assertThat(r.err()).doesNotContain("BRANCH", "Missing required");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("d-1  svc@").contains("(main)  AWAITING-APPROVAL")
        .contains("approval: waiting for a decision since ");
  }

  @Test
  void aRerunWhileOneWaitsAtTheGateOffersToApproveRejectOrRollItBackInCliWords() throws Exception {
    project();
    assertThat(run("deploy", "start", "svc").exit()).isZero();
    CliRun again = run("deploy", "start", "svc");
    assertThat(again.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(again.err()).contains("error: pre-deploy checks failed: concurrency: svc already has an active "
        + "deployment d-1 (awaiting-approval)")
        .contains("next: d-1 (awaiting-approval) holds svc: waiting for a human to approve prod: "
            + "`deployment-pipeline deploy approve d-1`; or reject it: `deployment-pipeline deploy reject d-1 -m "
            + "\"<reason>\"`; `deployment-pipeline deploy rollback d-1 -r \"<reason>\"` undoes dev and staging")
        .doesNotContain("deploy_");

    CliRun json = run("deploy", "start", "svc", "--json");
    assertThat(json.exit()).as("the exit code does not depend on --json").isEqualTo(ExitCodes.USAGE);
    JsonNode body = JsonMapper.builder().build().readTree(json.out());
    assertThat(body.get("error").asString()).startsWith("pre-deploy checks failed: concurrency");
    assertThat(body.get("nextStep").asString()).contains("`deployment-pipeline deploy approve d-1`");
    assertThat(body.get("checks").isArray()).isTrue();
    assertThat(json.err()).doesNotContain("error:");
  }

  @Test
  void rollingBackAnEnvironmentToAnUnknownVersionPointsToItsHistoryInCliWords() throws Exception {
    project();
    CliRun none = run("deploy", "rollback", "--env", "prod", "--to-version", "9.9.9", "-r", "bad build");
    assertThat(none.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(none.err()).contains("error: version 9.9.9 was never deployed to prod (no version is recorded there)")
        .contains("next: pick one of the recorded versions (`deployment-pipeline deploy history --env prod`)")
        .doesNotContain("deploy_");
    CliRun empty = run("deploy", "rollback", "--env", "dev", "-r", "bad build");
    assertThat(empty.err()).contains("next: `deployment-pipeline deploy history --env dev` lists what ran there")
        .doesNotContain("deploy_");
  }

  @Test
  void afterARollbackAtTheGateTheApprovalReadsNotDecided() throws Exception {
    project();
    assertThat(run("deploy", "start", "svc").exit()).isZero();
    assertThat(run("deploy", "rollback", "d-1", "-r", "not today").exit()).isZero();
    CliRun status = run("deploy", "status", "d-1");
    assertThat(status.out()).contains("approval: not decided (rolled back)").doesNotContain("decision=", "{");
    CliRun json = run("deploy", "status", "d-1", "--json");
    assertThat(json.out()).contains("\"decision\" : \"none\"", "\"closedBy\" : \"rolled-back\"");
    CliRun history = run("deploy", "history");
    assertThat(history.out()).contains("1 deployment(s): 0 completed, 0 failed, 1 rolled back, 0 active")
        .doesNotContain("summary: {");
  }

  @Test
  void historySinceTakesDatesAndSpansAndRejectsTheRestAsBadInput() throws Exception {
    project();
    assertThat(run("deploy", "start", "svc").exit()).isZero();
    assertThat(run("deploy", "history", "--since", "7d").out()).contains("1 deployment(s)");
    assertThat(run("deploy", "history", "--since", "2020-01-01").out()).contains("1 deployment(s)");
    for (String bad : new String[] {"yesterday", "2026-13-45"}) {
      CliRun r = run("deploy", "history", "--since", bad);
      assertThat(r.exit()).as(bad).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).contains("error: --since: '" + bad + "' is not a date, time or span: use an ISO date")
          .doesNotContain("internal error", "DateTimeParseException");
    }
    assertThat(CliRun.of("deploy", "history", "--help").out()).contains("7d, 24h, 30m");
  }

  @Test
  void doctorChecksTheMachineAndTheConfigBeforeTheStore() throws Exception {
    TestProjects.gitProject(dir, TestProjects.config("true", "no-such-tool build", "true", "true", "true", null));
    CliRun r = run("doctor");
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.FAILED);
    assertThat(r.out()).contains("ok   java         Java ", "ok   config       valid: .claude/deployment-config.json",
        "ok   tool         git: ", "FAIL command      stages.build: no-such-tool is not on PATH",
        "store " + dir.resolve(".claude/deployments")).endsWith("problems remain\n");
    CliRun json = run("doctor", "--json");
    assertThat(json.exit()).isEqualTo(ExitCodes.FAILED);
    JsonNode body = JsonMapper.builder().build().readTree(json.out());
    assertThat(body.get("healthy").asBoolean()).isFalse();
    assertThat(body.get("checks").findValuesAsString("check")).contains("java", "config", "tool", "command");
  }
}
