package dev.deploypipeline.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.changes.Commit;
import dev.deploypipeline.changes.ConventionalCommit;
import dev.deploypipeline.changes.ConventionalCommit.Bump;
import dev.deploypipeline.changes.SemVer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class NextVersionTest {
  @ParameterizedTest(name = "{0} {1} → {2}")
  @CsvSource({
      "1.4.2, PATCH, 1.4.3", "1.4.2, MINOR, 1.5.0", "1.4.2, MAJOR, 2.0.0",
      // 0.x has no rules of its own (as semantic-release): a breaking change makes 1.0.0.
      "0.3.1, MAJOR, 1.0.0", "0.3.1, MINOR, 0.4.0",
      // A pre-release is released by the bump it anticipates (npm's semver.inc).
      "1.3.0-SNAPSHOT, PATCH, 1.3.0", "1.3.0-SNAPSHOT, MINOR, 1.3.0", "1.3.0-SNAPSHOT, MAJOR, 2.0.0",
      "2.0.0-rc.1, MAJOR, 2.0.0", "1.3.1-SNAPSHOT, MINOR, 1.4.0", "1.3.1-beta, PATCH, 1.3.1"})
  void next(String current, Bump bump, String expected) {
    assertThat(NextVersion.next(SemVer.parse(current).orElseThrow(), bump)).hasToString(expected);
  }

  private static Commit commit(String subject, String body) {
    return new Commit("0123456789abcdef", subject, body, "A", "a@x", Instant.EPOCH,
        ConventionalCommit.parse(subject, body));
  }

  @Test
  void autoTakesTheLargestBumpTheCommitsAskFor() {
    assertThat(NextVersion.bump("auto", List.of(commit("docs: x", null), commit("fix: y", null)), "v1"))
        .isEqualTo(Bump.PATCH);
    assertThat(NextVersion.bump("auto", List.of(commit("fix: y", null), commit("feat: z", null)), "v1"))
        .isEqualTo(Bump.MINOR);
    assertThat(NextVersion.bump("auto", List.of(commit("feat!: z", null), commit("fix: y", null)), "v1"))
        .isEqualTo(Bump.MAJOR);
    assertThat(NextVersion.bump("auto", List.of(commit("perf: q", "BREAKING CHANGE: gone")), "v1"))
        .isEqualTo(Bump.MAJOR);
    assertThat(NextVersion.bump("minor", List.of(), null)).isEqualTo(Bump.MINOR);
    assertThatThrownBy(() -> NextVersion.bump("auto", List.of(), null)).isInstanceOf(ReleaseException.class)
        .hasMessageContaining("no commits since the start");
  }
}
