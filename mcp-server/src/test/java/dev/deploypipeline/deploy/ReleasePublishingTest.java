package dev.deploypipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.deploypipeline.app.App;
import dev.deploypipeline.github.GithubEmulator;
import dev.deploypipeline.harness.FakeTime;
import dev.deploypipeline.store.AuditEntry;
import dev.deploypipeline.testutil.TestProjects;
import dev.deploypipeline.workflow.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code release publish} on a real git repository against the loopback GitHub: the tag's message becomes the
 * body, assets go to the uploads host, a second run reuses everything, the audit trail records it and history links
 * it to the deployments of that commit. Nothing reaches GitHub before the local checks pass.
 */
class ReleasePublishingTest {
  static final String NOTES = "## [1.2.0] - 2026-12-07\n\n### Added\n- sign-in with passkeys";
  @TempDir Path dir;
  FakeTime time;
  GithubEmulator gh;
  Path asset1;
  Path asset2;

  @BeforeEach
  void setUp() throws Exception {
    time = new FakeTime();
    gh = new GithubEmulator(time);
    TestProjects.gitProject(dir.resolve("p"), TestProjects.config("true", "true", "true", "true", "true",
        "\"release\":{\"github\":{\"apiUrl\":\"" + gh.apiUrl() + "\",\"repository\":\"" + GithubEmulator.REPO + "\"}}"));
    tag("v1.2.0", NOTES);
    Files.createDirectories(dir.resolve("dist"));
    asset1 = Files.writeString(dir.resolve("dist/svc-1.2.0.jar"), "jar bytes");
    asset2 = Files.writeString(dir.resolve("dist/svc-1.2.0.tar.gz"), "tarball bytes!");
  }

  @AfterEach
  void tearDown() {
    gh.close();
  }

  Path project() {
    return dir.resolve("p");
  }

  void tag(String name, String message) throws Exception {
    TestProjects.git(project(), "-c", "user.email=t@example.com", "-c", "user.name=T", "tag", "-a", "--cleanup=verbatim", name, "-m",
        message);
  }

  DeploymentService service(Map<String, String> env) {
    return App.service(project(), env, time, time, List.of());
  }

  Map<String, Object> publish(Map<String, String> env, String version, boolean draft, Path... assets)
      throws InterruptedException {
    DeploymentService s = service(env);
    return new ReleasePublishing(s, env, time, time).publish(
        new ReleasePublishing.Request(version, List.of(assets), draft, false, "alice@example.com"), m -> {});
  }

  static final Map<String, String> ENV = Map.of("GITHUB_TOKEN", GithubEmulator.TOKEN);

  @Test
  void publishesTheTagWithItsNotesAndAssetsThenReusesItOnTheNextRun() throws Exception {
    Map<String, Object> first = publish(ENV, "1.2.0", false, asset1, asset2);
    assertThat(first).containsEntry("tag", "v1.2.0").containsEntry("reused", false)
        .containsEntry("url", "https://github.com/octo-org/hello/releases/tag/v1.2.0");
    assertThat(gh.releases()).hasSize(1);
    var release = gh.releases().get(0);
    assertThat(release.path("body").asString()).isEqualTo(NOTES);
    assertThat(release.path("tag_name").asString()).isEqualTo("v1.2.0");
    assertThat(release.path("assets")).extracting(a -> a.path("name").asString() + ":" + a.path("content_type")
        .asString() + ":" + a.path("size").asLong())
        .containsExactly("svc-1.2.0.jar:application/java-archive:9", "svc-1.2.0.tar.gz:application/gzip:14");

    Map<String, Object> again = publish(ENV, "v1.2.0", false, asset1, asset2);
    assertThat(again).containsEntry("reused", true).containsEntry("releaseId", first.get("releaseId"));
    assertThat(statuses(again))
        .containsExactly("kept", "kept");
    assertThat(gh.releases()).hasSize(1);
    assertThat(gh.received()).filteredOn(r -> r.method().equals("POST")).hasSize(3);

    List<AuditEntry> lines = service(ENV).store().audit(null).stream()
        .filter(e -> e.event().equals(ReleaseRecords.PUBLISHED)).toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).actor()).isEqualTo("alice@example.com");
    assertThat(lines.get(0).details()).containsEntry("version", "1.2.0").containsEntry("tag", "v1.2.0")
        .containsEntry("url", "https://github.com/octo-org/hello/releases/tag/v1.2.0")
        .containsEntry("assets", List.of("svc-1.2.0.jar", "svc-1.2.0.tar.gz"));
    assertThat(service(ENV).store().verifyAudit().intact()).isTrue();
    assertNoTokenUnder(project());
  }

  @Test
  void aDraftIsFoundAgainThroughTheListAndAMissingAssetIsAdded() throws Exception {
    publish(ENV, "1.2.0", true, asset1);
    Map<String, Object> again = publish(ENV, "1.2.0", true, asset1, asset2);
    assertThat(again).containsEntry("reused", true).containsEntry("draft", true);
    assertThat(statuses(again))
        .containsExactly("kept", "uploaded");
    assertThat(gh.releases()).hasSize(1);
  }

  @Test
  void anAssetOfTheSameNameButAnotherSizeIsNeverReplacedSilently() throws Exception {
    publish(ENV, "1.2.0", false, asset1);
    Files.writeString(asset1, "different, longer bytes");
    DeployException e = catchThrowableOfType(DeployException.class, () -> publish(ENV, "1.2.0", false, asset1));
    assertThat(e.getMessage()).contains("svc-1.2.0.jar is already on the release with 9 bytes");
  }

  @Test
  @SuppressWarnings("unchecked")
  void historyListsTheReleaseWithTheDeploymentsOfItsCommit() throws Exception {
    DeploymentService s = service(ENV);
    ReleaseRecords.recordCreated(s.store(), time, "alice@example.com", "1.2.0", "v1.2.0",
        TestProjects.head(project()), Map.of());
    Deployment d = s.drive(s.start("svc", "main", null, "alice@example.com", "cli").id());
    d = s.decide(d.id(), "reject", "bob@example.com", "not today");
    TestProjects.commit(project(), "later work");
    Deployment other = s.drive(s.start("svc", "main", null, "alice@example.com", "cli").id());
    publish(ENV, "1.2.0", false);

    List<Map<String, Object>> rows = ReleaseRecords.list(s.store(), 20);
    assertThat(rows).hasSize(1);
    Map<String, Object> row = rows.get(0);
    assertThat(row).containsEntry("version", "1.2.0").containsEntry("tag", "v1.2.0")
        .containsEntry("createdBy", "alice@example.com").containsKeys("createdAt", "publishedAt", "url");
    List<?> deployments = (List<?>) row.get("deployments");
    assertThat(deployments).hasSize(1);
    assertThat((Map<String, Object>) deployments.get(0)).containsEntry("id", d.id())
        .containsEntry("state", d.state().id()).containsEntry("environments", List.of("dev", "staging"));
    assertThat(deployments).noneMatch(x -> ((Map<?, ?>) x).get("id").equals(other.id()));
  }

  @Test
  void localProblemsStopBeforeAnyRequestToGithub() throws Exception {
    TestProjects.git(project(), "tag", "v2.0.0");
    assertThatThrownBy(() -> publish(ENV, "1.3.0", false)).isInstanceOf(DeployException.class)
        .hasMessageContaining("there is no tag v1.3.0").extracting(e -> ((DeployException) e)
            .nextStep(a -> "?")).asString()
        .contains("release create --version 1.3.0");
    assertThatThrownBy(() -> publish(ENV, "2.0.0", false)).hasMessageContaining("v2.0.0 is a lightweight tag");
    assertThatThrownBy(() -> publish(ENV, "1.2", false)).hasMessageContaining("not a semantic version");
    assertThatThrownBy(() -> publish(ENV, "1.2.0", false, dir.resolve("dist/missing.zip")))
        .hasMessageContaining("--asset").hasMessageContaining("missing.zip: no such readable file");
    assertThatThrownBy(() -> publish(ENV, "1.2.0", false, asset1, asset1))
        .hasMessageContaining("a second file named svc-1.2.0.jar");
    assertThatThrownBy(() -> publish(Map.of(), "1.2.0", false)).hasMessageContaining("GITHUB_TOKEN is not set");
    assertThat(gh.received()).isEmpty();
  }

  @Test
  void aRejectedTokenIsAGithubFailureThatNamesTheVariableNotTheValue() throws Exception {
    String wrong = "ghp_notTheRightOne0000000000000000000000";
    DeployException e = catchThrowableOfType(DeployException.class,
        () -> publish(Map.of("GITHUB_TOKEN", wrong), "1.2.0", false, asset1));
    assertThat(e.getMessage()).contains("HTTP 401 Bad credentials").contains("set GITHUB_TOKEN")
        .doesNotContain(wrong);
    assertThat(e.extra()).containsEntry(ReleasePublishing.GITHUB_STATUS, 401);
    assertThat(gh.received()).hasSize(1);
  }

  @Test
  void aRepositoryThatDoesNotDeployWithTheToolPublishesWithDefaultsAndLeavesItsTreeClean() throws Exception {
    Path plain = dir.resolve("plain");
    Files.createDirectories(plain);
    TestProjects.git(plain, "init", "-q", "-b", "main");
    Files.writeString(plain.resolve("README.md"), "hi\n");
    TestProjects.git(plain, "add", "-A");
    TestProjects.git(plain, "-c", "user.email=t@example.com", "-c", "user.name=T", "commit", "-q", "-m", "init");
    TestProjects.git(plain, "-c", "user.email=t@example.com", "-c", "user.name=T", "tag", "-a", "v0.1.0", "-m", "first");
    Map<String, String> env = Map.of("GITHUB_TOKEN", GithubEmulator.TOKEN, "GITHUB_API_URL", gh.apiUrl(),
        "GITHUB_REPOSITORY", GithubEmulator.REPO);
    DeploymentService s = App.service(plain, env, time, time, List.of());
    Map<String, Object> out = new ReleasePublishing(s, env, time, time).publish(
        new ReleasePublishing.Request("0.1.0", List.of(), false, false, null), m -> {});
    assertThat(out).containsEntry("tag", "v0.1.0");
    assertThat(gh.releases()).hasSize(1);
    assertThat(plain.resolve(".claude")).doesNotExist();
  }

  @Test
  void theRepositoryComesFromTheOriginRemoteWhenNotConfigured() throws Exception {
    TestProjects.git(project(), "remote", "add", "origin", "git@github.com:octo-org/hello.git");
    assertThat(ReleaseTags.originRepository(project())).isEqualTo("octo-org/hello");
    TestProjects.git(project(), "remote", "set-url", "origin", "https://github.com/Octo-Org/my.repo");
    assertThat(ReleaseTags.originRepository(project())).isEqualTo("Octo-Org/my.repo");
  }

  @SuppressWarnings("unchecked")
  static List<Object> statuses(Map<String, Object> result) {
    return ((List<Map<String, Object>>) result.get("assets")).stream().map(a -> a.get("status")).toList();
  }

  static void assertNoTokenUnder(Path root) throws Exception {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      s.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/.git/")).forEach(files::add);
    }
    assertThat(files).isNotEmpty();
    for (Path f : files) assertThat(Files.readString(f)).as(f.toString()).doesNotContain(GithubEmulator.TOKEN);
  }
}
