package dev.deploypipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.workflow.DeploymentSummary;
import dev.deploypipeline.workflow.State;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Version → commit on a real git repository: a deployment record first, then tag v<V>, then tag <V>. */
class VersionsTest {
  @TempDir
  Path dir;
  String first;
  String second;

  @BeforeEach
  void repo() throws Exception {
    git("init", "-q", "-b", "main");
    Files.writeString(dir.resolve("a.txt"), "1\n");
    git("add", "a.txt");
    git("-c", "user.email=t@example.com", "-c", "user.name=T", "commit", "-q", "-m", "one");
    first = git("rev-parse", "HEAD");
    git("tag", "v1.4.2");
    Files.writeString(dir.resolve("a.txt"), "2\n");
    git("-c", "user.email=t@example.com", "-c", "user.name=T", "commit", "-q", "-am", "two");
    second = git("rev-parse", "HEAD");
    git("tag", "2.0.0");
    git("tag", "v1.5.0");
  }

  static DeploymentSummary summary(String id, String version, String commit, State state, List<String> envs) {
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    return new DeploymentSummary(id, "demo", "main", commit, version, state, "t", t, t, null, Map.of(), 0, null, envs,
        null);
  }

  @Test
  void aTagWithLeadingVResolvesToItsCommit() {
    Versions.Resolved r = Versions.resolve(dir, List.of(), "1.4.2");
    assertThat(r).isEqualTo(new Versions.Resolved("1.4.2", first, "tag v1.4.2", "v1.4.2"));
  }

  @Test
  void aTagWithoutVResolvesToo() {
    assertThat(Versions.resolve(dir, List.of(), "2.0.0")).isEqualTo(new Versions.Resolved("2.0.0", second,
        "tag 2.0.0", "2.0.0"));
  }

  @Test
  void aRecordedVersionWinsOverAMovedTag() {
    var history = List.of(summary("d-7", "1.4.2", "c0ffee0000000000000000000000000000000000", State.COMPLETED,
        List.of("dev")));
    assertThat(Versions.resolve(dir, history, "1.4.2"))
        .isEqualTo(new Versions.Resolved("1.4.2", "c0ffee0000000000000000000000000000000000", "deployment d-7", "main"));
  }

  @Test
  void anUnknownVersionNamesTheNearestKnownOnes() {
    var history = List.of(summary("d-1", "abc123def456", first, State.COMPLETED, List.of("dev")));
    assertThatThrownBy(() -> Versions.resolve(dir, history, "1.4.3"))
        .isInstanceOfSatisfying(DeployException.class, e -> {
          assertThat(e.kind()).isEqualTo(DeployException.Kind.NOT_FOUND);
          assertThat(e.getMessage()).startsWith("version 1.4.3 is unknown: no deployment recorded it and there is "
              + "no git tag v1.4.3 or 1.4.3; nearest known: 1.4.2, 1.5.0, ");
          assertThat(e.extra().get("nearestVersions")).isEqualTo(List.of("1.4.2", "1.5.0", "2.0.0",
              "abc123def456"));
        });
  }

  @Test
  void aVersionThatLooksLikeAnOptionOrRevisionIsRefused() {
    for (String bad : List.of("--all", "HEAD~1", "1.4.2^{commit}", "")) {
      assertThatThrownBy(() -> Versions.resolve(dir, List.of(), bad)).isInstanceOf(DeployException.class)
          .hasMessageContaining("is not a version");
    }
  }

  @Test
  void outsideAGitRepositoryOnlyRecordsCount(@TempDir Path plain) {
    assertThatThrownBy(() -> Versions.resolve(plain, List.of(), "1.4.2"))
        .hasMessageContaining("(no version is recorded and the repository has no tags)");
  }

  private String git(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(out);
    return out.strip();
  }
}
