package dev.deploypipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.release.GitFixture;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** {@code release prepare → notes → create} through the real command tree on a real git repository. */
class ReleaseCommandTest {
  @TempDir Path dir;

  @Test
  void prepareNotesCreate() throws Exception {
    GitFixture g = GitFixture.sample(dir);
    String project = dir.toString();

    CliRun dry = CliRun.of("release", "prepare", "--type", "auto", "--dry-run", "--project", project);
    assertThat(dry.exit()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("Would release 1.5.0 (1.4.2, minor, 2 commits since v1.4.2)",
        "web/pom.xml  project/parent/version", "### Added");
    assertThat(g.git("status", "--porcelain")).isEmpty();

    CliRun prepared = CliRun.of("release", "prepare", "--type", "auto", "--project", project, "--json");
    assertThat(prepared.exit()).as(prepared.err()).isZero();
    @SuppressWarnings("unchecked")
    Map<String, Object> json = JsonMapper.builder().build().readValue(prepared.out(), Map.class);
    assertThat(json).containsEntry("version", "1.5.0").containsEntry("branch", "release/v1.5.0")
        .containsEntry("dryRun", false).containsEntry("commit", g.git("rev-parse", "HEAD"));

    CliRun notes = CliRun.of("release", "notes", "--from", "v1.4.2", "--to", "HEAD", "--project", project);
    assertThat(notes.exit()).as(notes.err()).isZero();
    assertThat(notes.out()).startsWith("## Unreleased - ").contains("- **api:** paging for orders")
        .doesNotContain("chore(release)");

    CliRun created = CliRun.of("release", "create", "--version", "1.5.0", "--project", project);
    assertThat(created.exit()).as(created.err()).isZero();
    assertThat(created.out()).contains("Tagged v1.5.0", "git push origin v1.5.0");
    assertThat(g.git("cat-file", "-t", "v1.5.0")).isEqualTo("tag");

    CliRun again = CliRun.of("release", "create", "--version", "1.5.0", "--project", project);
    assertThat(again.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(again.err()).contains("error: the tag v1.5.0 exists", "next: ");
  }

  @Test
  void badTypeAndHelp() throws Exception {
    GitFixture.sample(dir);
    CliRun bad = CliRun.of("release", "prepare", "--type", "huge", "--project", dir.toString(), "--json");
    assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.out()).contains("\"error\" : \"--type must be one of [major, minor, patch, auto]");
    CliRun help = CliRun.of("release", "create", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("--version=VERSION");
  }
}
