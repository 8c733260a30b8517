package dev.deploypipeline.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the section goes in files of other shapes than the one ReleasesTest uses; nothing else moves. */
class ChangelogWriterTest {
  static final ReleaseNotes NOTES = new ReleaseNotes(Map.of("Fixed", List.of("refund rounds to cents (abc)")), 1, 0);
  static final String SECTION = "## [2.0.1] - 2026-12-07\n\n### Fixed\n\n- refund rounds to cents (abc)\n";

  @Test
  void noFileYetGetsTheKeepAChangelogHeader() {
    String out = ChangelogWriter.insert(null, "2.0.1", "2026-12-07", NOTES);
    assertThat(out).startsWith("# Changelog\n\nAll notable changes").contains("[Keep a Changelog]",
        "## [Unreleased]\n\n" + SECTION).endsWith("cents (abc)\n");
  }

  @Test
  void withoutUnreleasedTheSectionGoesBeforeTheNewestRelease() {
    String before = "# Changes\n\nIntro.\n\n## [2.0.0] - 2026-10-01\n\n- first\n";
    assertThat(ChangelogWriter.insert(before, "2.0.1", "2026-12-07", NOTES))
        .isEqualTo("# Changes\n\nIntro.\n\n" + SECTION + "\n## [2.0.0] - 2026-10-01\n\n- first\n");
  }

  @Test
  void proseUnderUnreleasedStaysThere() {
    String before = "# Changelog\n\n## [Unreleased]\n\nNothing yet, see the roadmap.\n\n## [2.0.0] - 2026-10-01\n";
    assertThat(ChangelogWriter.insert(before, "2.0.1", "2026-12-07", NOTES)).isEqualTo("# Changelog\n\n"
        + "## [Unreleased]\n\nNothing yet, see the roadmap.\n\n" + SECTION + "\n## [2.0.0] - 2026-10-01\n");
  }

  @Test
  void crlfFilesStayCrlf() {
    String before = "# Changelog\r\n\r\n## [Unreleased]\r\n\r\n## [2.0.0] - 2026-10-01\r\n";
    assertThat(ChangelogWriter.insert(before, "2.0.1", "2026-12-07", NOTES)).isEqualTo("# Changelog\r\n\r\n"
        + "## [Unreleased]\r\n\r\n" + SECTION.replace("\n", "\r\n") + "\r\n## [2.0.0] - 2026-10-01\r\n");
  }
}
