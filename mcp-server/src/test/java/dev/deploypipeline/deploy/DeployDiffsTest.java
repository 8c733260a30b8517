package dev.deploypipeline.deploy;

import static dev.deploypipeline.testutil.TestProjects.git;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.app.App;
import dev.deploypipeline.testutil.RecordingSleeper;
import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.testutil.TestProjects;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * deploy diff on a real git repository with deployments made through the real service: v1.0.0 completed in prod,
 * then commits by two authors (feat, fix, a non-conventional one), a config change with planted secret values, and
 * a CHANGELOG section for 1.1.0; the candidate (the deployment waiting at the gate, current in staging) against prod.
 */
class DeployDiffsTest {
  static final String PLANTED_PASSWORD = "hunter2-planted-pw";
  static final String PLANTED_TOKEN = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
  static final String PLANTED_ENV_SECRET = "planted-from-env-4711";

  @TempDir Path dir;
  final TestClock clock = TestClock.at("2026-11-25T10:00:00Z");

  static String config(String prodExtra, String globalExtra) {
    return """
        {"service":"svc","executor":"local",
         "stages":{"validate":{"command":"true"},"build":{"command":"true"},"test":{"command":"true"}},
         "environments":{
           "dev":{"deploy":{"command":"true"}},
           "staging":{"deploy":{"command":"echo staging"}},
           "prod":{"deploy":{"command":"echo prod v1"}%s}}%s}
        """.formatted(prodExtra, globalExtra);
  }

  static final String V1 = config("", "");
  static final String V2 = config(",\"rollback\":{\"command\":\"echo roll back --password " + PLANTED_PASSWORD
      + "\"},\"secrets\":[\"API_TOKEN\"],\"approvers\":[\"alice@example.com\"]",
      ",\"secrets\":[\"DB_PASSWORD\"],\"retry\":{\"maxAttempts\":2}")
      .replace("\"echo staging\"", "\"echo staging " + PLANTED_TOKEN + "\"")
      .replace("echo prod v1", "echo prod v2 $DB_PASSWORD");

  DeploymentService service() {
    return App.service(dir, Map.of("DEPLOY_PIPELINE_USER", "alice@example.com", "DB_PASSWORD", PLANTED_ENV_SECRET,
        "API_TOKEN", "planted-api-token-0815"),
        clock, new RecordingSleeper(clock), List.of());
  }

  void commitAs(String author, String message) throws Exception {
    git(dir, "add", "-A");
    git(dir, "-c", "user.email=" + author.toLowerCase().replace(' ', '.') + "@example.com", "-c", "user.name="
        + author, "commit", "-q", "--allow-empty", "-m", message);
  }

  /** v1.0.0 in prod; then three commits with the config change and the changelog; d-2 waits at the gate. */
  DeploymentService history() throws Exception {
    TestProjects.gitProject(dir, V1);
    Files.writeString(dir.resolve("CHANGELOG.md"), "# Changelog\n\n## [1.0.0] - 2026-11-01\n### Added\n- First "
        + "release\n");
    commitAs("Ann Lee", "docs: changelog");
    git(dir, "tag", "v1.0.0");
    DeploymentService s = service();
    Deployment d1 = s.drive(s.start("svc", "main", null, "alice@example.com").id());
    s.decide(d1.id(), "approve", "bob@example.com", "ok");
    assertThat(s.drive(d1.id()).state()).isEqualTo(State.COMPLETED);

    commitAs("Ann Lee", "feat(api)!: add orders");
    Files.writeString(dir.resolve(".claude/deployment-config.json"), V2);
    commitAs("Bob Stone", "fix: handle an empty cart");
    Files.writeString(dir.resolve("CHANGELOG.md"), "# Changelog\n\n## [Unreleased]\n### Fixed\n- Empty carts\n\n"
        + "## [1.1.0] - 2026-11-20\n### Added\n- Orders API\n### Fixed\n- Empty carts no longer crash\n\n"
        + "## [1.0.0] - 2026-11-01\n### Added\n- First release\n");
    commitAs("Carol Diaz", "Update the changelog");
    git(dir, "tag", "v1.1.0");
    Deployment d2 = s.drive(s.start("svc", "main", null, "alice@example.com").id());
    assertThat(d2.state()).isEqualTo(State.AWAITING_APPROVAL);
    return s;
  }

  @Test
  void prodAgainstWhatRunsInStagingListsCommitsConfigAndChangelog() throws Exception {
    DeploymentService s = history();
    DeployDiff diff = new DeployDiffs(s).diff("prod", null);

    assertThat(diff.running().deploymentId()).isEqualTo("d-1");
    assertThat(diff.candidate().deploymentId()).isEqualTo("d-2");
    assertThat(diff.candidate().source()).isEqualTo("current in staging");
    assertThat(diff.candidate().commit()).isEqualTo(TestProjects.head(dir));
    assertThat(diff.commits()).extracting(c -> c.subject() + " / " + c.author() + " / " + DeployDiff.typeOf(c))
        .containsExactly("Update the changelog / Carol Diaz / other", "fix: handle an empty cart / Bob Stone / fix",
            "feat(api)!: add orders / Ann Lee / feat");
    assertThat(diff.byType()).containsExactly(Map.entry("feat", 1), Map.entry("fix", 1), Map.entry("other", 1));

    assertThat(diff.config()).extracting(ConfigChanges.Change::line).containsExactlyInAnyOrder(
        "global secrets.DB_PASSWORD added (secret: name only)",
        "global retry.maxAttempts added: 2",
        "prod deploy.command changed: \"echo prod v1\" → \"echo prod v2 $DB_PASSWORD\"",
        "prod rollback.command added (secret: name only)",
        "prod secrets.API_TOKEN added (secret: name only)",
        "prod approvers added: [alice@example.com]");
    assertThat(diff.changelog()).extracting(c -> c.version()).containsExactly("1.1.0");
    assertThat(diff.summary()).contains("3 commits: 1 feat, 1 fix, 1 other (1 breaking)",
        "6 config changes (3 secret, names only)", "Changelog 1.1.0: Added: Orders API; Fixed: Empty carts no "
            + "longer crash");
  }

  @Test
  void plantedSecretValuesNeverReachTheDiffOnlyTheirNames() throws Exception {
    DeploymentService s = history();
    DeployDiff diff = new DeployDiffs(s).diff("prod", null);
    String everything = JsonMapper.builder().build().writeValueAsString(diff.toMap()) + diff.summary()
        + diff.config().stream().map(ConfigChanges.Change::line).toList();
    assertThat(everything).doesNotContain(PLANTED_PASSWORD, PLANTED_TOKEN, PLANTED_ENV_SECRET)
        .contains("DB_PASSWORD", "API_TOKEN");
    // staging's section changed too (the token), but only prod's and the global keys belong to a prod diff.
    assertThat(diff.config()).noneMatch(c -> c.scope().equals("staging"));
    DeployDiff stagingBack = new DeployDiffs(s).forDeployment(s.get("d-1"), "staging");
    assertThat(stagingBack.config()).anySatisfy(c -> {
      assertThat(c.line()).isEqualTo("staging deploy.command changed (secret: name only)");
      assertThat(c.toMap()).doesNotContainKeys("before", "after");
    });
    assertThat(JsonMapper.builder().build().writeValueAsString(stagingBack.toMap())).doesNotContain(PLANTED_TOKEN);
  }

  @Test
  void theApprovalFormAndTheTerminalScreenShowTheDiffSummary() throws Exception {
    DeploymentService s = history();
    ApprovalGate.Summary form = new ApprovalGate(s).summarize("d-2");
    // The MCP elicitation shows message(), the CLI's terminal approval screen body(): message() holds body().
    assertThat(form.message()).contains(form.body());
    assertThat(form.body()).contains("Diff prod: " + s.get("d-1").version() + ", d-1 → " + s.get("d-2").version()
        + ", d-2\n  3 commits: 1 feat, 1 fix, 1 other (1 breaking)\n  6 config changes (3 secret, names only)",
        "\n  Changelog 1.1.0: Added: Orders API").doesNotContain(PLANTED_PASSWORD, PLANTED_TOKEN, PLANTED_ENV_SECRET);
  }

  @Test
  void aVersionByTagOrRecordAndAStepBackListTheCommitsThatGoAway() throws Exception {
    DeploymentService s = history();
    DeployDiff back = new DeployDiffs(s).diff("staging", "1.0.0");
    assertThat(back.candidate().commit()).isEqualTo(s.get("d-1").commit());
    assertThat(back.commitCount()).isZero();
    assertThat(back.leavingCount()).isEqualTo(3);
    assertThat(back.summary()).contains("0 commits; 3 running commit(s) go away");

    String recorded = s.get("d-2").version();
    DeployDiff same = new DeployDiffs(s).diff("staging", recorded);
    assertThat(same.same()).isTrue();
    assertThat(same.summary()).contains("No change: staging already runs this commit.");

    assertThatThrownBy(() -> new DeployDiffs(s).diff("prod", "9.9.9")).isInstanceOf(DeployException.class)
        .hasMessageContaining("version 9.9.9 is unknown").hasMessageContaining("nearest known:")
        .hasMessageContaining("1.1.0");
    assertThatThrownBy(() -> new DeployDiffs(s).diff("qa", null)).isInstanceOf(DeployException.class)
        .hasMessageContaining("environment: 'qa' is not an environment of this pipeline; configured: dev, "
            + "staging, prod");
  }

  @Test
  void aFirstDeployListsEverythingAndTheFirstStepComparesHead() throws Exception {
    TestProjects.gitProject(dir, V1);
    TestProjects.commit(dir, "feat: one");
    DeploymentService s = service();
    DeployDiff dev = new DeployDiffs(s).diff("dev", null);
    assertThat(dev.running()).isNull();
    assertThat(dev.candidate().source()).isEqualTo("HEAD (dev is the first step)");
    assertThat(dev.commitCount()).isEqualTo(2);
    assertThat(dev.notes()).contains("nothing runs in dev yet: every commit up to the candidate is listed");
    assertThat(dev.config()).isNotEmpty().allMatch(c -> c.change().equals("added"));
    assertThatThrownBy(() -> new DeployDiffs(s).diff("prod", null)).isInstanceOf(DeployException.class)
        .hasMessageContaining("nothing runs in staging, the step before prod, so there is no default candidate");
  }
}
