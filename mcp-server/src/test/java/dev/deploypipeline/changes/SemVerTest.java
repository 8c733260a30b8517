package dev.deploypipeline.changes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.changes.ConventionalCommit.Bump;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SemVerTest {
  @Test
  void sortsByPrecedenceAsSemverOrgSpecifiesIt() {
    // The example of semver.org 2.0 item 11, shuffled.
    List<String> ordered = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
        "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "1.10.0", "2.0.0");
    List<SemVer> shuffled = new ArrayList<>(ordered.stream().map(v -> SemVer.parse(v).orElseThrow()).toList());
    Collections.shuffle(shuffled, new java.util.Random(7));
    Collections.sort(shuffled);
    assertThat(shuffled).extracting(SemVer::toString).containsExactlyElementsOf(ordered);
  }

  @ParameterizedTest
  @CsvSource({"1.4.2,MAJOR,2.0.0", "1.4.2,MINOR,1.5.0", "1.4.2,PATCH,1.4.3", "1.4.2-rc.1+b7,PATCH,1.4.3",
      "v0.9.9,MINOR,0.10.0"})
  void bumpsOnePartAndResetsTheLowerOnes(String from, Bump part, String to) {
    assertThat(SemVer.parse(from).orElseThrow().bump(part)).hasToString(to);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1.2", "01.2.3", "1.2.3.4", "abc1234", "1.2.x", "v"})
  void refusesWhatIsNotASemanticVersion(String text) {
    assertThat(SemVer.parse(text)).isEmpty();
  }

  @Test
  void buildMetadataDoesNotChangePrecedence() {
    assertThat(SemVer.parse("1.0.0+a").orElseThrow()).isEqualByComparingTo(SemVer.parse("1.0.0+b").orElseThrow());
  }
}
