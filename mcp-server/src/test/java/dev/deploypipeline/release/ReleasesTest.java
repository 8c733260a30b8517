package dev.deploypipeline.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** prepare, notes and create on a real git repository (the golden reactor and npm workspace, released as 1.4.2). */
class ReleasesTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  GitFixture g;
  Releases releases;

  @BeforeEach
  void repo() throws Exception {
    g = GitFixture.init(dir);
    GoldenBumpTest.copy(GoldenBumpTest.GOLDEN.resolve("before"), dir);
    g.write("CHANGELOG.md", """
        # Changelog

        ## [Unreleased]

        ### Added

        - A hand-written entry about the new search page.

        ## [1.4.2] - 2026-11-01

        ### Fixed

        - Totals rounded twice.

        [Unreleased]: https://github.com/acme/shop/compare/v1.4.2...HEAD
        [1.4.2]: https://github.com/acme/shop/compare/v1.4.1...v1.4.2
        """);
    g.git("add", "-A");
    g.git("commit", "-q", "-m", "chore(release): v1.4.2");
    g.git("tag", "-a", "v1.4.2", "-m", "v1.4.2");
    g.commit("src/a.txt", "feat(api): paging for orders");
    g.commit("src/b.txt", "fix: refund rounds to cents\n\nCloses #12.");
    g.commit("src/c.txt", "chore: bump ci image");
    g.commit("src/d.txt", "Tidy the README");
    releases = new Releases(dir, CLOCK);
  }

  @Test
  void prepareAutoBumpsEveryFileOnAReleaseBranchWithTheChangelogSection() throws Exception {
    String mainHead = g.git("rev-parse", "main");
    Prepared p = releases.prepare("auto", false);

    assertThat(p.from()).isEqualTo("1.4.2");
    assertThat(p.to()).as("feat → minor").isEqualTo("1.5.0");
    assertThat(p.commits()).isEqualTo(4);
    assertThat(g.git("branch", "--show-current")).isEqualTo("release/v1.5.0");
    assertThat(g.git("rev-parse", "HEAD^")).isEqualTo(mainHead);
    assertThat(g.git("log", "-1", "--format=%s")).isEqualTo("chore(release): v1.5.0");
    assertThat(g.git("status", "--porcelain")).as("everything committed").isEmpty();
    assertThat(g.git("diff", "--name-only", "HEAD^", "HEAD").lines()).containsExactlyInAnyOrder("CHANGELOG.md",
        "pom.xml", "core/pom.xml", "web/pom.xml", "package.json", "package-lock.json", "packages/api/package.json",
        "packages/ui/package.json");
    for (Path f : GoldenBumpTest.files(GoldenBumpTest.GOLDEN.resolve("after"))) {
      Path rel = GoldenBumpTest.GOLDEN.resolve("after").relativize(f);
      assertThat(g.read(rel.toString())).as(rel.toString()).isEqualTo(Files.readString(f));
    }
    String sha = g.git("rev-parse", "--short=12", "main");
    String feat = g.git("rev-parse", "--short=12", "main~3");
    String fix = g.git("rev-parse", "--short=12", "main~2");
    assertThat(g.read("CHANGELOG.md")).isEqualTo("""
        # Changelog

        ## [Unreleased]

        ## [1.5.0] - 2026-12-07

        ### Added

        - A hand-written entry about the new search page.
        - **api:** paging for orders (%s)

        ### Changed

        - Tidy the README (%s)

        ### Fixed

        - refund rounds to cents (%s)

        ## [1.4.2] - 2026-11-01

        ### Fixed

        - Totals rounded twice.

        [Unreleased]: https://github.com/acme/shop/compare/v1.5.0...HEAD
        [1.5.0]: https://github.com/acme/shop/compare/v1.4.2...v1.5.0
        [1.4.2]: https://github.com/acme/shop/compare/v1.4.1...v1.4.2
        """.formatted(feat, sha, fix));
    assertThat(p.changelog()).startsWith("## [1.5.0] - 2026-12-07\n").contains("hand-written", "paging");
    assertThat(p.text()).contains("Prepared 1.5.0 (1.4.2, minor, 4 commits since v1.4.2)", "web/pom.xml");
  }

  @Test
  void dryRunChangesNothingAndWarnsOfWhatWouldBeRefused() throws Exception {
    g.git("branch", "release/v1.5.0");
    g.write("untracked.txt", "x");
    String before = g.git("rev-parse", "HEAD") + g.read("pom.xml") + g.read("CHANGELOG.md");
    Prepared p = releases.prepare("auto", true);
    assertThat(p.dryRun()).isTrue();
    assertThat(p.commit()).isNull();
    assertThat(p.refusals()).containsExactly("the branch release/v1.5.0 exists");
    assertThat(g.git("rev-parse", "HEAD") + g.read("pom.xml") + g.read("CHANGELOG.md")).isEqualTo(before);
    assertThat(g.git("branch", "--show-current")).isEqualTo("main");
    assertThat(p.text()).contains("Would release 1.5.0", "nothing was changed", "the real run would refuse");
  }

  @Test
  void prepareRefusesADirtyTreeAndAnExistingBranchBeforeChangingAnything() throws Exception {
    g.write("pom.xml", g.read("pom.xml") + "<!-- edit -->\n");
    assertThatThrownBy(() -> releases.prepare("patch", false)).isInstanceOf(ReleaseException.class)
        .hasMessageContaining("needs a clean working tree").hasMessageContaining("pom.xml");
    g.git("checkout", "-q", "--", "pom.xml");
    g.git("branch", "release/v1.4.3");
    assertThatThrownBy(() -> releases.prepare("patch", false)).isInstanceOf(ReleaseException.class)
        .hasMessageContaining("the branch release/v1.4.3 exists");
    assertThat(g.git("branch", "--show-current")).isEqualTo("main");
    assertThat(g.read("package.json")).contains("\"version\": \"1.4.2\"");
  }

  @Test
  void explicitTypesAndABreakingChange() throws Exception {
    assertThat(releases.prepare("patch", true).to()).isEqualTo("1.4.3");
    assertThat(releases.prepare("minor", true).to()).isEqualTo("1.5.0");
    assertThat(releases.prepare("major", true).to()).isEqualTo("2.0.0");
    g.commit("src/e.txt", "refactor: orders API\n\nBREAKING CHANGE: /orders pages by cursor");
    Prepared p = releases.prepare("auto", true);
    assertThat(p.to()).isEqualTo("2.0.0");
    assertThat(p.changelog()).contains("### Changed\n\n- Tidy the README", "- **BREAKING:** orders API");
    assertThatThrownBy(() -> releases.prepare("huge", true)).hasMessageContaining("--type must be one of");
  }

  @Test
  void autoWithNothingSinceTheTagIsRefused() throws Exception {
    g.git("tag", "v1.4.9");
    assertThatThrownBy(() -> releases.prepare("auto", true)).isInstanceOf(ReleaseException.class)
        .hasMessageContaining("nothing to release: no commits since v1.4.9");
  }

  @Test
  void notesBetweenTwoTagsAndUpToHead() throws Exception {
    g.git("tag", "v1.5.0", "main~1");
    Notes n = releases.notes("v1.4.2", "v1.5.0");
    assertThat(n.notes().commits()).isEqualTo(3);
    assertThat(n.notes().hidden()).as("the chore").isEqualTo(1);
    assertThat(n.markdown()).startsWith("## v1.5.0 - ").contains("### Added\n\n- **api:** paging for orders",
        "### Fixed\n\n- refund rounds to cents").doesNotContain("Tidy", "bump ci image");
    Notes sinceLast = releases.notes(null, null);
    assertThat(sinceLast.from()).as("the tag before HEAD").isEqualTo("v1.5.0");
    assertThat(sinceLast.markdown()).startsWith("## Unreleased - ").contains("### Changed\n\n- Tidy the README");
    assertThatThrownBy(() -> releases.notes("v9.9.9", null)).isInstanceOf(ReleaseException.class)
        .hasMessageContaining("from: 'v9.9.9' is not a tag, branch or commit here");
    assertThatThrownBy(() -> releases.notes(null, "--output=/tmp/x")).isInstanceOf(ReleaseException.class)
        .hasMessageContaining("to: '--output=/tmp/x' is not a tag");
  }

  @Test
  void createMakesAnAnnotatedTagWhoseMessageIsTheNotes() throws Exception {
    releases.prepare("auto", false);
    Created c = releases.create("1.5.0");
    assertThat(c.tag()).isEqualTo("v1.5.0");
    assertThat(g.git("cat-file", "-t", "v1.5.0")).as("annotated").isEqualTo("tag");
    assertThat(g.git("rev-parse", "v1.5.0^{commit}")).isEqualTo(g.git("rev-parse", "HEAD"));
    String message = g.git("tag", "-l", "--format=%(contents)", "v1.5.0");
    assertThat(message).as("markdown headings survive").startsWith("## v1.5.0 - 2026-12-07")
        .contains("### Added\n\n- **api:** paging for orders", "### Fixed").isEqualTo(c.message().strip());
    assertThat(c.previousTag()).isEqualTo("v1.4.2");

    assertThatThrownBy(() -> releases.create("1.5.0")).isInstanceOf(ReleaseException.class)
        .hasMessageContaining("the tag v1.5.0 exists");
  }

  @Test
  void createRefusesADirtyTreeAndAVersionTheFilesDoNotDeclare() throws Exception {
    g.write("scratch.txt", "x");
    assertThatThrownBy(() -> releases.create("1.4.3")).isInstanceOf(ReleaseException.class)
        .hasMessageContaining("release create needs a clean working tree");
    Files.delete(dir.resolve("scratch.txt"));
    assertThatThrownBy(() -> releases.create("1.4.3")).isInstanceOf(ReleaseException.class)
        .hasMessageContaining("the project's files declare 1.4.2, not 1.4.3");
    assertThatThrownBy(() -> releases.create("one")).hasMessageContaining("--version: 'one' is not a semantic");
    assertThat(g.git("tag", "-l")).isEqualTo("v1.4.2");
  }
}
