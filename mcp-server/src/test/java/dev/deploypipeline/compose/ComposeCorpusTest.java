package dev.deploypipeline.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the validator over the 350 real files in ../shared/compose-corpus (beside the repository; skipped without it
 * unless DP_REQUIRE_CORPUS=1, which .ci/run sets). No file may crash or hang it; on the
 * production and samples groups every error must be listed, reviewed, in corpus-expected-errors.txt (and every
 * listed line must still occur, so the list cannot go stale). Unknown-key findings must point at the key.
 */
class ComposeCorpusTest {
  private static final Path CORPUS = Path.of("..", "..", "shared", "compose-corpus");
  private static final Path EXPECTED = Path.of("src", "test", "resources", "compose", "corpus-expected-errors.txt");
  private static final Set<String> REVIEWED_GROUPS = Set.of("production", "samples");

  private record Entry(String file, String group) {}

  private static List<Entry> entries;

  @BeforeAll
  static void readIndex() throws IOException {
    // The corpus is shared data beside the repository, not part of it: a clone without it skips, visibly; .ci/run,
    // which always has it beside, sets DP_REQUIRE_CORPUS=1 so that there it cannot be skipped by accident.
    String where = "compose corpus not found at " + CORPUS.toAbsolutePath().normalize();
    if ("1".equals(System.getenv("DP_REQUIRE_CORPUS"))) {
      assertThat(CORPUS.resolve("index.csv")).as(where + " (DP_REQUIRE_CORPUS=1: required)").isRegularFile();
    } else if (!Files.isRegularFile(CORPUS.resolve("index.csv"))) {
      return; // the test itself is then skipped, so the report counts it
    }
    entries = new ArrayList<>();
    List<String> lines = Files.readAllLines(CORPUS.resolve("index.csv"));
    List<String> header = List.of(lines.get(0).strip().split(","));
    int fileCol = header.indexOf("corpus_file");
    int groupCol = header.indexOf("group");
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) continue;
      String[] cols = line.strip().split(",");
      entries.add(new Entry(cols[fileCol], cols[groupCol]));
    }
  }

  @Test
  void everyFileValidatesWithoutCrashOrHangAndReviewedGroupsHaveOnlyExpectedErrors() throws IOException {
    Assumptions.assumeTrue(entries != null,
        "compose corpus not found at " + CORPUS.toAbsolutePath().normalize() + "; skipping the corpus test");
    assertThat(entries).hasSize(350);
    ComposeValidator validator = new ComposeValidator();
    Set<String> actual = new TreeSet<>();
    List<String> misplaced = new ArrayList<>();
    for (Entry e : entries) {
      Path file = CORPUS.resolve(e.file());
      ComposeReport report = assertTimeoutPreemptively(Duration.ofSeconds(10),
          () -> validator.validate(ComposeRequest.ofFiles(List.of(file))), () -> "validator hung on " + e.file());
      List<String> text = Files.readAllLines(file);
      for (Finding f : report.findings()) {
        assertThat(f.line()).as("%s: %s", e.file(), f).isBetween(1, Math.max(1, text.size() + 1));
        if (f.ruleId().equals(Rule.UNKNOWN_KEY.id())) {
          String key = f.message().split("'")[1];
          String at = text.get(f.line() - 1).substring(f.column() - 1);
          if (!at.startsWith(key) && !at.startsWith("\"" + key) && !at.startsWith("'" + key)) misplaced.add(f.render());
        }
        if (REVIEWED_GROUPS.contains(e.group()) && f.severity() == Severity.ERROR) {
          actual.add(e.file() + ":" + f.line() + ":" + f.ruleId());
        }
      }
    }
    Set<String> expected = expected();
    Set<String> unexpected = new TreeSet<>(actual);
    unexpected.removeAll(expected);
    Set<String> stale = new TreeSet<>(expected);
    stale.removeAll(actual);
    assertThat(misplaced).as("unknown-key findings must point at the key").isEmpty();
    assertThat(unexpected).as("new errors on production/samples files: fix the rule if false, or review and add to " + EXPECTED)
        .isEmpty();
    assertThat(stale).as("expected errors no longer reported: remove them from " + EXPECTED).isEmpty();
  }

  private static Set<String> expected() throws IOException {
    Set<String> out = new TreeSet<>();
    for (String line : Files.readAllLines(EXPECTED)) {
      String s = line.strip();
      if (s.isEmpty() || s.startsWith("#")) continue;
      int hash = s.indexOf(" #");
      out.add(hash > 0 ? s.substring(0, hash).strip() : s);
    }
    return out;
  }
}
