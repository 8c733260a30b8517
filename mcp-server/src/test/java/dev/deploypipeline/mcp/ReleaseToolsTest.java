package dev.deploypipeline.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.release.GitFixture;
import dev.deploypipeline.release.Releases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code release_notes} and {@code release_prepare} on a real git repository, as a case table per tool. */
class ReleaseToolsTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
  @TempDir static Path shared;
  static GitFixture g;
  static ReleaseNotesTool notes;
  static ReleasePrepareTool prepare;

  @BeforeAll
  static void setUp() throws Exception {
    g = GitFixture.sample(shared);
    notes = new ReleaseNotesTool(new Releases(shared, CLOCK));
    prepare = new ReleasePrepareTool(new Releases(shared, CLOCK));
  }

  static Stream<Arguments> notesCases() {
    return Stream.of(
        ToolCase.ok("since the last tag", Map.of(), "- **api:** paging for orders"),
        ToolCase.ok("between refs", Map.of("from", "v1.4.2", "to", "HEAD~1"), "### Added"),
        ToolCase.ok("an empty range", Map.of("from", "HEAD", "to", "HEAD"), "No user-facing changes"),
        ToolCase.error("an unknown tag", Map.of("from", "v0.0.1"), "from: 'v0.0.1' is not a tag, branch or commit"),
        ToolCase.error("an option as a ref", Map.of("to", "--output=x"), "to: '--output=x' is not a tag, branch"),
        ToolCase.error("not a string", Map.of("to", 3), "to: must be a string"));
  }

  static Stream<Arguments> prepareCases() {
    return Stream.of(
        ToolCase.ok("auto, dry run by default", Map.of("type", "auto"), "Would release 1.5.0"),
        ToolCase.ok("major, dry run", Map.of("type", "major", "dryRun", true), "Would release 2.0.0"),
        ToolCase.error("no type", Map.of(), "type: is required"),
        ToolCase.error("an unknown type", Map.of("type", "huge"), "type: must be one of [major, minor, patch, auto]"),
        ToolCase.error("dryRun not a boolean", Map.of("type", "patch", "dryRun", "no"), "dryRun: must be true or"));
  }

  @ParameterizedTest(name = "release_notes: {0}")
  @MethodSource("notesCases")
  void releaseNotes(ToolCase c) {
    c.run(notes);
  }

  @ParameterizedTest(name = "release_prepare: {0}")
  @MethodSource("prepareCases")
  void releasePrepare(ToolCase c) throws Exception {
    c.run(prepare);
    assertThat(g.git("status", "--porcelain")).as("a dry run or a refusal changes nothing").isEmpty();
    assertThat(g.git("branch", "--show-current")).isEqualTo("main");
  }

  @Test
  void prepareForRealOnlyWhenAskedThenNotesOfTheBranch(@TempDir Path dir) throws Exception {
    GitFixture repo = GitFixture.sample(dir);
    ReleasePrepareTool tool = new ReleasePrepareTool(new Releases(dir, CLOCK));
    Map<String, Object> done = ToolResultChecks.structured(new ToolCase("real", Map.of("type", "patch", "dryRun",
        false), false, "Prepared 1.4.3").run(tool));
    assertThat(done).containsEntry("branch", "release/v1.4.3").containsEntry("dryRun", false)
        .containsEntry("commit", repo.git("rev-parse", "HEAD"));
    assertThat(done.get("files")).asList().contains("pom.xml", "web/pom.xml", "package-lock.json", "CHANGELOG.md");
    assertThat(repo.git("branch", "--show-current")).isEqualTo("release/v1.4.3");
    assertThat(repo.read("core/pom.xml")).contains("<version>1.4.3</version>");

    // Run again on the release branch: 1.4.3 is prepared but not tagged, so another bump would skip it.
    new ToolCase("again", Map.of("type", "patch", "dryRun", false), true, "1.4.3 is prepared but not tagged")
        .run(tool);
    repo.git("checkout", "-q", "main");
    new ToolCase("again from main", Map.of("type", "patch", "dryRun", false), true,
        "the branch release/v1.4.3 exists").run(tool);
  }
}
