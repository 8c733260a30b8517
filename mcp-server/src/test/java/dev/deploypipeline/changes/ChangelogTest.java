package dev.deploypipeline.changes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangelogTest {
  static final String TEXT = """
      # Changelog
      All notable changes to this project will be documented in this file.

      ## [Unreleased]
      ### Added
      - Dark mode

      ## [1.5.0] - 2026-11-30
      ### Added
      - Export to CSV ([#12](https://example.com/12))
      - Import from CSV
      ### Fixed
      * Crash on empty input

      ## [1.4.2] - 2026-11-01
      ### Fixed
      - Time zone in reports

      ## 1.4.1 - 2026-10-01
      - A line before any group

      [Unreleased]: https://example.com/compare/v1.5.0...HEAD
      [1.5.0]: https://example.com/compare/v1.4.2...v1.5.0
      """;

  @Test
  void readsSectionsGroupsAndEntriesInFileOrder() {
    Changelog c = Changelog.parse(TEXT);
    assertThat(c.sections()).extracting(Changelog.Section::version)
        .containsExactly("Unreleased", "1.5.0", "1.4.2", "1.4.1");
    Changelog.Section s = c.sections().get(1);
    assertThat(s.date()).isEqualTo("2026-11-30");
    assertThat(s.groups()).containsOnlyKeys("Added", "Fixed");
    assertThat(s.groups().get("Added")).containsExactly("Export to CSV ([#12](https://example.com/12))",
        "Import from CSV");
    assertThat(s.groups().get("Fixed")).containsExactly("Crash on empty input");
    assertThat(c.sections().get(0).unreleased()).isTrue();
    assertThat(c.sections().get(3).groups()).containsEntry("Changed", List.of("A line before any group"));
  }

  @Test
  void betweenTakesTheReleasesAfterTheRunningVersionUpToTheCandidate() {
    Changelog c = Changelog.parse(TEXT);
    assertThat(c.between("1.4.1", "1.5.0")).extracting(Changelog.Section::version).containsExactly("1.5.0", "1.4.2");
    assertThat(c.between("v1.4.2", "v1.5.0")).extracting(Changelog.Section::version).containsExactly("1.5.0");
    assertThat(c.between("1.5.0", "1.5.0")).isEmpty();
    assertThat(c.between("3f2a9c1d", "1.4.2")).extracting(Changelog.Section::version).containsExactly("1.4.2", "1.4.1");
    assertThat(c.between("1.4.1", "3f2a9c1d")).isEmpty();
  }

  @Test
  void aMissingFileIsAnEmptyChangelog(@TempDir Path dir) throws Exception {
    assertThat(Changelog.read(dir.resolve("CHANGELOG.md")).sections()).isEmpty();
  }
}
