package dev.deploypipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.github.GithubEmulator;
import dev.deploypipeline.testutil.CliProcess;
import dev.deploypipeline.testutil.CliProcess.Run;
import dev.deploypipeline.testutil.TestProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code release publish} and {@code deploy history --releases} as a user runs them: a real CLI process with the
 * token in its environment, a real git repository and the loopback GitHub (API and uploads hosts).
 */
class ReleasePublishCommandTest {
  @TempDir Path dir;
  GithubEmulator gh;
  Path project;
  Path asset;

  @BeforeEach
  void setUp() throws Exception {
    gh = new GithubEmulator(Clock.systemUTC());
    project = TestProjects.gitProject(dir.resolve("p"), TestProjects.config("true", "true", "true", "true", "true",
        "\"release\":{\"github\":{\"repository\":\"" + GithubEmulator.REPO + "\"}}"));
    TestProjects.git(project, "-c", "user.email=t@example.com", "-c", "user.name=T", "tag", "-a",
        "--cleanup=verbatim", "v0.3.0", "-m", "## [0.3.0]\n\n### Fixed\n- retries");
    asset = Files.writeString(dir.resolve("svc-0.3.0.zip"), "zip bytes");
  }

  @AfterEach
  void tearDown() {
    gh.close();
  }

  Run cli(String token, String... args) throws Exception {
    return CliProcess.run(project, e -> {
      e.remove("GITHUB_TOKEN");
      e.remove("GITHUB_REPOSITORY");
      if (token != null) e.put("GITHUB_TOKEN", token);
      e.put("GITHUB_API_URL", gh.apiUrl());
    }, args);
  }

  @Test
  void publishesThenHistoryListsTheRelease() throws Exception {
    Run r = cli(GithubEmulator.TOKEN, "release", "publish", "--version", "0.3.0", "--asset", asset.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("Published v0.3.0: https://github.com/octo-org/hello/releases/tag/v0.3.0")
        .contains("uploaded svc-0.3.0.zip (9 bytes)");
    assertThat(gh.releases().get(0).path("body").asString()).isEqualTo("## [0.3.0]\n\n### Fixed\n- retries");

    Run again = cli(GithubEmulator.TOKEN, "release", "publish", "--version", "0.3.0", "--asset", asset.toString(),
        "--json");
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).contains("\"reused\" : true").contains("\"status\" : \"kept\"");
    assertThat(again.err()).contains("exists already");

    Run h = cli(null, "deploy", "history", "--releases");
    assertThat(h.exit()).as(h.err()).isZero();
    assertThat(h.out()).contains("v0.3.0").contains("https://github.com/octo-org/hello/releases/tag/v0.3.0")
        .contains("no deployments of this version");
    Run hj = cli(null, "deploy", "history", "--releases", "--json");
    assertThat(hj.out()).contains("\"version\" : \"0.3.0\"").contains("\"publishedAt\"");
    for (Run x : new Run[] {r, again, h, hj}) assertThat(x.out() + x.err()).doesNotContain(GithubEmulator.TOKEN);
  }

  @Test
  void exitCodesSayWhetherAnythingWasSent() throws Exception {
    Run noToken = cli(null, "release", "publish", "--version", "0.3.0");
    assertThat(noToken.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(noToken.err()).contains("GITHUB_TOKEN is not set");

    Run badTag = cli(GithubEmulator.TOKEN, "release", "publish", "--version", "0.4.0");
    assertThat(badTag.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(badTag.err()).contains("there is no tag v0.4.0").contains("release create --version 0.4.0");
    assertThat(gh.received()).isEmpty();

    String wrong = "ghp_wrongTokenForTheCliTest0000000000000";
    Run rejected = cli(wrong, "release", "publish", "--version", "0.3.0", "--json");
    assertThat(rejected.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(rejected.out()).contains("\"error\"").contains("Bad credentials").contains("\"githubStatus\" : 401");
    assertThat(rejected.out() + rejected.err()).doesNotContain(wrong);
  }

  @Test
  void helpNamesTheOptions() throws Exception {
    Run r = cli(null, "release", "publish", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("--version=VERSION").contains("--asset=FILE").contains("--draft")
        .contains("--prerelease");
  }
}
