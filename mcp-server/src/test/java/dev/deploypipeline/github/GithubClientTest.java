package dev.deploypipeline.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.harness.FakeTime;
import dev.deploypipeline.workflow.Retrier;
import dev.deploypipeline.workflow.RetryPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against the loopback GitHub: the documented requests, idempotent retries, rate limits and errors. */
class GithubClientTest {
  @TempDir Path dir;
  FakeTime time;
  GithubEmulator gh;

  @BeforeEach
  void setUp() throws Exception {
    time = new FakeTime();
    gh = new GithubEmulator(time);
  }

  @AfterEach
  void tearDown() {
    gh.close();
  }

  GithubClient client(String token) {
    return client(token, GithubEmulator.REPO);
  }

  GithubClient client(String token, String repo) {
    return new GithubClient(gh.apiUrl(), null, repo, token, "GITHUB_TOKEN", Duration.ofSeconds(10),
        Duration.ofMinutes(5), new Retrier(RetryPolicy.DEFAULT.forAnyState(), time), Retrier.Listener.NONE, time);
  }

  @Test
  void createsAReleaseAndUploadsAnAssetToTheUploadsHostAsDocumented() throws Exception {
    GithubClient c = client(GithubEmulator.TOKEN);
    GithubRelease r = c.createRelease("v1.2.0", "v1.2.0", "## Added\n- x", false, true);
    assertThat(r.tagName()).isEqualTo("v1.2.0");
    assertThat(r.prerelease()).isTrue();
    assertThat(r.uploadUrl()).startsWith(gh.uploadsUrl()).endsWith("/assets{?name,label}");
    GithubEmulator.Received post = gh.received().get(0);
    assertThat(post.method()).isEqualTo("POST");
    assertThat(post.path()).isEqualTo("/repos/octo-org/hello/releases");
    assertThat(post.header("authorization")).isEqualTo("Bearer " + GithubEmulator.TOKEN);
    assertThat(post.header("accept")).isEqualTo("application/vnd.github+json");
    assertThat(post.header("x-github-api-version")).isEqualTo("2022-11-28");
    assertThat(post.header("content-type")).isEqualTo("application/json");
    assertThat(post.text()).contains("\"tag_name\":\"v1.2.0\"").contains("\"body\":\"## Added\\n- x\"")
        .contains("\"draft\":false").contains("\"prerelease\":true");

    Path file = Files.writeString(dir.resolve("app 1.2.0.tar.gz"), "0123456789");
    GithubAsset a = c.uploadAsset(r, "app 1.2.0.tar.gz", "application/gzip", file);
    assertThat(a.state()).isEqualTo("uploaded");
    assertThat(a.size()).isEqualTo(10);
    GithubEmulator.Received up = gh.received().get(1);
    assertThat(up.host()).isEqualTo("uploads");
    assertThat(up.path()).isEqualTo("/repos/octo-org/hello/releases/" + r.id() + "/assets");
    assertThat(up.query()).isEqualTo("name=app%201.2.0.tar.gz");
    assertThat(up.header("content-type")).isEqualTo("application/gzip");
    assertThat(up.header("content-length")).isEqualTo("10");
    assertThat(up.text()).isEqualTo("0123456789");

    assertThat(c.releaseByTag("v1.2.0")).get().extracting(GithubRelease::id).isEqualTo(r.id());
    assertThat(c.releaseByTag("v1.2.0").get().asset("app 1.2.0.tar.gz")).isPresent();
  }

  @Test
  void aDraftIsHiddenFromTheTagLookupButFoundInTheList() throws Exception {
    GithubClient c = client(GithubEmulator.TOKEN);
    c.createRelease("v2.0.0", "v2.0.0", "", true, false);
    assertThat(c.releaseByTag("v2.0.0")).isEmpty();
    assertThat(c.draftByTag("v2.0.0")).get().extracting(GithubRelease::draft).isEqualTo(true);
    assertThat(c.lookUp("v2.0.0")).isPresent();
    assertThat(c.lookUp("v9.9.9")).isEmpty();
  }

  @Test
  void badCredentialsAreNotRetriedAndNameTheVariableNeverTheToken() {
    GithubClient c = client("ghp_wrongWrongWrong1234567890");
    assertThatThrownBy(() -> c.releaseByTag("v1.0.0")).isInstanceOfSatisfying(GithubException.class, e -> {
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.getMessage()).contains("Bad credentials").contains("set GITHUB_TOKEN")
          .doesNotContain("ghp_wrongWrongWrong1234567890");
    });
    assertThat(gh.received()).hasSize(1);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void anUnknownRepositoryIsA404ThatSaysWhatToCheck() {
    GithubClient c = client(GithubEmulator.TOKEN, "octo-org/nope");
    assertThatThrownBy(() -> c.draftByTag("v1.0.0")).isInstanceOfSatisfying(GithubException.class, e -> {
      assertThat(e.status()).isEqualTo(404);
      assertThat(e.getMessage()).contains("octo-org/nope does not exist or the token cannot see it")
          .contains("GITHUB_REPOSITORY");
    });
    assertThat(gh.received()).hasSize(1);
  }

  @Test
  void alreadyExistsIsA422WithGithubsCode() throws Exception {
    gh.seed("v1.0.0", false);
    GithubClient c = client(GithubEmulator.TOKEN);
    assertThatThrownBy(() -> c.createRelease("v1.0.0", "v1.0.0", "", false, false))
        .isInstanceOfSatisfying(GithubException.class, e -> {
          assertThat(e.alreadyExists()).isTrue();
          assertThat(e.getMessage()).contains("HTTP 422 Validation Failed (Release tag_name already_exists)");
        });
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void aSecondaryRateLimitWaitsForRetryAfter() throws Exception {
    gh.fail("POST /repos/octo-org/hello/releases", GithubEmulator.secondaryLimit(7));
    GithubRelease r = client(GithubEmulator.TOKEN).createRelease("v1.0.0", "v1.0.0", "", false, false);
    assertThat(r.id()).isPositive();
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7));
    assertThat(gh.releases()).hasSize(1);
  }

  @Test
  void aSecondaryRateLimitWithoutHeadersWaitsAtLeastAMinute() throws Exception {
    gh.fail("GET /repos/octo-org/hello/releases/tags/v1.0.0", new GithubEmulator.Fault(429, Map.of(), "", false));
    assertThat(client(GithubEmulator.TOKEN).releaseByTag("v1.0.0")).isEmpty();
    assertThat(time.sleeps()).containsExactly(Duration.ofMinutes(1));
  }

  @Test
  void anExhaustedPrimaryLimitWaitsUntilTheReset() throws Exception {
    gh.fail("GET /repos/octo-org/hello/releases/tags/v1.0.0", gh.primaryLimit(30));
    assertThat(client(GithubEmulator.TOKEN).releaseByTag("v1.0.0")).isEmpty();
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(31));
  }

  @Test
  void aResetTooFarAwayFailsAtOnceSayingWhen() {
    gh.fail("GET /repos/octo-org/hello/releases/tags/v1.0.0", gh.primaryLimit(7200));
    assertThatThrownBy(() -> client(GithubEmulator.TOKEN).releaseByTag("v1.0.0"))
        .isInstanceOfSatisfying(GithubException.class, e -> assertThat(e.getMessage())
            .contains("resets at 2026-11-25T12:00:01Z").contains("run it again after that"));
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void aForbiddenAnswerThatIsNoRateLimitIsAPermissionError() {
    gh.fail("POST /repos/octo-org/hello/releases", new GithubEmulator.Fault(403, Map.of(),
        GithubEmulator.error("Resource not accessible by integration", GithubEmulator.DOCS, 403), false));
    assertThatThrownBy(() -> client(GithubEmulator.TOKEN).createRelease("v1.0.0", "v1.0.0", "", false, false))
        .isInstanceOfSatisfying(GithubException.class, e -> assertThat(e.getMessage())
            .contains("Resource not accessible by integration").contains("contents: write"));
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void serverErrorsAreRetriedByThePolicyThenReported() {
    for (int i = 0; i < 3; i++) gh.fail("GET /repos/octo-org/hello/releases", GithubEmulator.status(502, false));
    assertThatThrownBy(() -> client(GithubEmulator.TOKEN).draftByTag("v1.0.0"))
        .isInstanceOfSatisfying(GithubException.class, e -> assertThat(e.getMessage())
            .contains("HTTP 502").contains("[after 3 attempts]"));
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void aCreateThatFailedAfterGithubActedIsAdoptedNotDuplicated() throws Exception {
    gh.fail("POST /repos/octo-org/hello/releases", GithubEmulator.status(500, true));
    GithubRelease r = client(GithubEmulator.TOKEN).createRelease("v3.0.0", "v3.0.0", "", true, false);
    assertThat(gh.releases()).hasSize(1);
    assertThat(r.id()).isEqualTo(gh.releases().get(0).path("id").asLong());
  }

  @Test
  void anUploadThatLeftAStarterAssetIsCleanedUpAndRetried() throws Exception {
    GithubClient c = client(GithubEmulator.TOKEN);
    GithubRelease r = c.createRelease("v1.0.0", "v1.0.0", "", false, false);
    gh.fail("POST upload", GithubEmulator.status(502, true));
    Path file = Files.writeString(dir.resolve("app.jar"), "jar-bytes");
    GithubAsset a = c.uploadAsset(r, "app.jar", "application/java-archive", file);
    assertThat(a.state()).isEqualTo("uploaded");
    List<GithubAsset> assets = c.assets(r.id());
    assertThat(assets).extracting(GithubAsset::name, GithubAsset::state, GithubAsset::size)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("app.jar", "uploaded", 9L));
    assertThat(gh.received()).extracting(GithubEmulator.Received::method).contains("DELETE");
  }

  @Test
  void theUploadOverrideKeepsTheReleasePath() {
    GithubClient c = new GithubClient(gh.apiUrl(), "https://proxy.example/up", GithubEmulator.REPO,
        GithubEmulator.TOKEN, "GITHUB_TOKEN", Duration.ofSeconds(1), Duration.ofMinutes(1),
        new Retrier(RetryPolicy.DEFAULT, time), null, time);
    assertThat(c.uploadUri("https://uploads.github.com/repos/o/r/releases/7/assets{?name,label}", "a b.zip"))
        .hasToString("https://proxy.example/up/repos/o/r/releases/7/assets?name=a%20b.zip");
  }

  @Test
  void aTokenEchoedBackByAProxyIsMaskedInTheMessageAndEverySink() {
    gh.fail("GET /repos/octo-org/hello/releases/tags/v1.0.0", new GithubEmulator.Fault(400, Map.of(),
        "{\"message\":\"bad header Authorization: Bearer " + GithubEmulator.TOKEN + "\"}", false));
    assertThatThrownBy(() -> client(GithubEmulator.TOKEN).releaseByTag("v1.0.0"))
        .isInstanceOfSatisfying(GithubException.class, e -> assertThat(e.getMessage()).contains("bad header")
            .doesNotContain(GithubEmulator.TOKEN));
    assertThat(dev.deploypipeline.secrets.Redaction.redact("x " + GithubEmulator.TOKEN)).isEqualTo("x [redacted:GITHUB_TOKEN]");
  }

  @Test
  void aMissingTokenSaysHowToSetIt() {
    assertThatThrownBy(() -> client(" ")).hasMessageContaining("GITHUB_TOKEN is not set")
        .hasMessageContaining("contents: write");
  }
}
