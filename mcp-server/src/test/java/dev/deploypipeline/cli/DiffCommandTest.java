package dev.deploypipeline.cli;

import static dev.deploypipeline.testutil.TestProjects.git;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.app.App;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.testutil.RecordingSleeper;
import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.testutil.TestProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code deploy diff} through the real command tree on a real git project with a real history. */
class DiffCommandTest {
  static final String PLANTED = "sk_live_" + "0123456789abcdefABCDEF";
  @TempDir Path dir;

  private CliRun run(String... args) {
    return CliRun.in(dir, args);
  }

  /** v1.0.0 completed in prod; a breaking feat with a config change (a planted key) reaches staging. */
  private void history() throws Exception {
    String config = TestProjects.config("true", "true", "true", "true", "true", null);
    TestProjects.gitProject(dir, config);
    git(dir, "tag", "v1.0.0");
    TestClock clock = TestClock.at("2026-11-25T10:00:00Z");
    DeploymentService s = App.service(dir, Map.of("DEPLOY_PIPELINE_USER", "ann@example.com"), clock,
        new RecordingSleeper(clock), List.of());
    String d1 = s.drive(s.start("svc", "main", null, "ann@example.com").id()).id();
    s.decide(d1, "approve", "bob@example.com", "ok");
    s.drive(d1);
    Files.writeString(dir.resolve(".claude/deployment-config.json"), config.replace("\"prod\":{\"deploy\":{"
        + "\"command\":\"true\"}", "\"prod\":{\"deploy\":{\"command\":\"pay --key " + PLANTED + "\"}"));
    Files.writeString(dir.resolve("CHANGELOG.md"), "## [Unreleased]\n### Added\n- Payments\n");
    git(dir, "add", "-A");
    git(dir, "-c", "user.email=ann@example.com", "-c", "user.name=Ann Lee", "commit", "-q", "-m",
        "feat(pay)!: card payments");
    s.drive(s.start("svc", "main", null, "ann@example.com").id());
    s.shutdown();
  }

  @Test
  void printsTheVersionsCommitsConfigAndChangelogAsTables() throws Exception {
    history();
    CliRun r = run("deploy", "diff", "--env", "prod");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("prod: [0-9a-f]{12}, d-1 → [0-9a-f]{12}, d-2")
        .contains("  candidate: current in staging")
        .containsPattern("COMMIT +TYPE +AUTHOR +SUBJECT")
        .containsPattern("[0-9a-f]{12}  feat!     Ann Lee  feat\\(pay\\)!: card payments")
        .containsPattern("prod +deploy.command +changed +\\(secret: name only\\)")
        .contains("Changelog\n  Unreleased\n    Added: Payments")
        .doesNotContain(PLANTED);
  }

  @Test
  void jsonHasTheSameFactsAsTheMcpTool() throws Exception {
    history();
    CliRun r = run("deploy", "diff", "--env", "prod", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode j = JsonMapper.builder().build().readTree(r.out());
    assertThat(j.get("running").get("deploymentId").asString()).isEqualTo("d-1");
    assertThat(j.get("commitCount").asInt()).isEqualTo(1);
    assertThat(j.get("byType").get("feat").asInt()).isEqualTo(1);
    assertThat(j.get("configChanges").get(0).get("secret").asBoolean()).isTrue();
    assertThat(j.get("configChanges").get(0).has("after")).isFalse();
    assertThat(r.out() + r.err()).doesNotContain(PLANTED);
  }

  @Test
  void versionNamesTheCandidateAndHelpStillWorks() throws Exception {
    history();
    CliRun back = run("deploy", "diff", "--env", "staging", "--version", "1.0.0");
    assertThat(back.exit()).as(back.err()).isZero();
    assertThat(back.out()).contains("  candidate: tag v1.0.0", "Leaving staging (running now, not in the "
        + "candidate: 1)");
    CliRun help = CliRun.of("deploy", "diff", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("--env=ENV", "--version=V", "secret");
    CliRun bad = run("deploy", "diff", "--env", "qa");
    assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("environment: 'qa' is not an environment of this pipeline; configured: dev, "
        + "staging, prod");
  }
}
