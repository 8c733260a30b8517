package dev.deploypipeline.store;

import dev.deploypipeline.testutil.TestClock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.DeploymentSummary;
import dev.deploypipeline.workflow.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HistoryIndexTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path tmp;
  final TestClock clock = new TestClock(T0);
  FileDeploymentStore store;

  /**
   * d-1 payments completed (dev, staging, prod) 10:00; d-2 search failed (dev) 10:01; d-3 payments building 10:02;
   * d-4 payments rolled-back (dev, staging, prod) 10:03; d-5 search awaiting-approval (dev, staging) 10:04.
   * Every deployment is saved several times, so the index holds superseded lines too.
   */
  @BeforeEach
  void fill() {
    // Compaction from the first superfluous lines on, so that these small cases exercise it.
    store = new FileDeploymentStore(tmp.resolve("store"), clock, 0);
    add("payments", State.COMPLETED, "dev", "staging", "prod");
    add("search", State.FAILED, "dev");
    add("payments", State.BUILDING);
    add("payments", State.ROLLED_BACK, "dev", "staging", "prod");
    add("search", State.AWAITING_APPROVAL, "dev", "staging");
  }

  void add(String service, State end, String... envs) {
    DeploymentStoreContract.add(store, clock, service, end, envs);
  }

  static List<String> ids(List<DeploymentSummary> l) {
    return l.stream().map(DeploymentSummary::id).toList();
  }

  static Stream<Arguments> queries() {
    return Stream.of(
        Arguments.of(HistoryQuery.all(20), List.of("d-5", "d-4", "d-3", "d-2", "d-1")),
        Arguments.of(HistoryQuery.all(2), List.of("d-5", "d-4")),
        Arguments.of(new HistoryQuery("payments", null, null, null, 20), List.of("d-4", "d-3", "d-1")),
        Arguments.of(new HistoryQuery(null, "prod", null, null, 20), List.of("d-4", "d-1")),
        Arguments.of(new HistoryQuery(null, "staging", null, null, 20), List.of("d-5", "d-4", "d-1")),
        Arguments.of(new HistoryQuery("search", "dev", null, null, 20), List.of("d-5", "d-2")),
        Arguments.of(new HistoryQuery(null, null, State.FAILED, null, 20), List.of("d-2")),
        Arguments.of(new HistoryQuery(null, null, null, T0.plus(Duration.ofMinutes(2)), 20),
            List.of("d-5", "d-4", "d-3")),
        Arguments.of(new HistoryQuery("payments", "prod", State.COMPLETED, T0, 20), List.of("d-1")),
        Arguments.of(new HistoryQuery("nope", null, null, null, 20), List.of()));
  }

  @ParameterizedTest(name = "{0} → {1}")
  @MethodSource("queries")
  void historyFiltersOrdersAndLimits(HistoryQuery q, List<String> expected) {
    assertThat(ids(store.history(q))).isEqualTo(expected);
    // A fresh process reading the same files answers the same.
    assertThat(ids(new FileDeploymentStore(store.root(), clock).history(q))).isEqualTo(expected);
  }

  @Test
  void historyAndActiveNeverOpenDeploymentFiles() throws Exception {
    List<String> before = ids(store.history(HistoryQuery.all(20)));
    try (Stream<Path> files = Files.list(store.root().resolve("deployments"))) {
      for (Path p : files.toList()) Files.delete(p);
    }
    FileDeploymentStore fresh = new FileDeploymentStore(store.root(), clock);
    assertThat(ids(fresh.history(HistoryQuery.all(20)))).isEqualTo(before);
    assertThat(ids(fresh.active())).containsExactly("d-5", "d-3");
    assertThat(fresh.active()).extracting(DeploymentSummary::state)
        .containsExactly(State.AWAITING_APPROVAL, State.BUILDING);
    assertThat(fresh.find("d-1")).isEmpty();
  }

  @Test
  void belowTheFloorTheIndexIsNotCompacted() {
    FileDeploymentStore s = new FileDeploymentStore(tmp.resolve("floor"), clock, 50);
    Deployment d = s.write(w -> w.save(Deployment.create(w.nextId(), "x", "main", "c", "1", "me", T0)));
    for (int i = 0; i < 47; i++) d = s.write(w -> w.save(s.find("d-1").orElseThrow().withError("e", T0)));
    assertThat(s.indexLines()).isEqualTo(49); // header + 48 saves
    s.write(w -> w.save(s.find("d-1").orElseThrow().withError("last", T0)));
    assertThat(s.indexLines()).isEqualTo(2);
    assertThat(s.history(HistoryQuery.all(5))).singleElement().satisfies(x -> assertThat(x.error()).isEqualTo("last"));
    assertThat(d.revision()).isEqualTo(48);
  }

  @Test
  void compactionKeepsOneLinePerIdAndIdenticalResults() {
    List<List<DeploymentSummary>> before = queries().map(a -> store.history((HistoryQuery) a.get()[0])).toList();
    // 5 deployments, each saved 2 to 5 times: compaction kept the file below 2 lines per id.
    assertThat(store.indexLines()).isLessThanOrEqualTo(10);

    // Many saves of one deployment force compaction again.
    Deployment d3 = store.find("d-3").orElseThrow();
    for (int i = 0; i < 40; i++) {
      Deployment cur = store.find("d-3").orElseThrow();
      store.write(w -> w.save(cur.withError("attempt " + cur.revision(), cur.updatedAt())));
    }
    assertThat(store.indexLines()).isLessThanOrEqualTo(10);
    assertThat(store.find("d-3").orElseThrow().revision()).isEqualTo(d3.revision() + 40);

    FileDeploymentStore fresh = new FileDeploymentStore(store.root(), clock, 0);
    List<List<DeploymentSummary>> after = queries().map(a -> fresh.history((HistoryQuery) a.get()[0])).toList();
    List<List<DeploymentSummary>> afterWarm = queries().map(a -> store.history((HistoryQuery) a.get()[0])).toList();
    // Same ids and states everywhere; only d-3's error text moved on.
    assertThat(after).isEqualTo(afterWarm);
    assertThat(after.stream().map(HistoryIndexTest::ids).toList())
        .isEqualTo(before.stream().map(HistoryIndexTest::ids).toList());
    assertThat(fresh.history(new HistoryQuery(null, null, State.BUILDING, null, 1)).get(0).error())
        .isEqualTo("attempt " + (d3.revision() + 39));
  }

  @Test
  void aWarmReaderSeesAppendsAndReplacementsByAnotherInstance() {
    FileDeploymentStore reader = new FileDeploymentStore(store.root(), clock);
    assertThat(reader.history(HistoryQuery.all(20))).hasSize(5);
    FileDeploymentStore writer = new FileDeploymentStore(store.root(), clock, 0);
    writer.write(w -> w.save(Deployment.create(w.nextId(), "late", "main", "c", "1", "me", clock.instant())));
    assertThat(ids(reader.history(HistoryQuery.all(1)))).containsExactly("d-6");
    // Enough saves on the writer to make it compact (replace) the file underneath the warm reader.
    for (int i = 0; i < 30; i++) {
      Deployment cur = writer.find("d-6").orElseThrow();
      State next = i % 2 == 0 ? State.VALIDATING : State.BUILDING;
      writer.write(w -> w.save(cur.withState(next, clock.instant())));
    }
    assertThat(reader.history(HistoryQuery.all(20))).isEqualTo(writer.history(HistoryQuery.all(20)));
    assertThat(reader.history(HistoryQuery.all(1)).get(0).state()).isEqualTo(State.BUILDING);
  }

  /**
   * File systems reuse a freed inode at once, so a compaction can leave a file with the same inode and a larger
   * size; writing in place over the same inode reproduces that deterministically.
   */
  @Test
  void aWarmReaderNoticesAReplacedIndexEvenOnTheSameInode() throws Exception {
    assertThat(store.history(HistoryQuery.all(20))).hasSize(5);
    FileDeploymentStore other = new FileDeploymentStore(tmp.resolve("other"), clock);
    other.write(w -> {
      for (int i = 0; i < 15; i++) w.save(Deployment.create(w.nextId(), "other", "main", "c", "1", "me", T0));
      return null;
    });
    byte[] replacement = Files.readAllBytes(other.root().resolve("index.jsonl"));
    Path index = store.root().resolve("index.jsonl");
    assertThat(replacement.length).isGreaterThan((int) Files.size(index));
    Files.write(index, replacement); // truncates and rewrites: same inode, new content
    assertThat(store.history(HistoryQuery.all(20))).isEqualTo(other.history(HistoryQuery.all(20)));
  }

  @Test
  void rebuildIndexRecoversFromALostIndexAndACrashBeforeTheIndexLine() throws Exception {
    List<DeploymentSummary> before = store.history(HistoryQuery.all(20));
    Files.delete(store.root().resolve("index.jsonl"));
    assertThat(store.history(HistoryQuery.all(20))).isEmpty();
    // A crash after d-3's file was replaced but before its index line was appended.
    Deployment d3 = store.find("d-3").orElseThrow();
    Deployment ahead = d3.withState(State.FAILED, clock.instant()).withRevision(d3.revision() + 1);
    Files.write(store.root().resolve("deployments/d-3.json"), Json.MAPPER.writeValueAsBytes(ahead));
    Files.writeString(store.root().resolve("deployments/d-9.json"), "{broken"); // no backup: reported, skipped

    assertThat(store.rebuildIndex()).isEqualTo(5);
    List<DeploymentSummary> after = new FileDeploymentStore(store.root(), clock).history(HistoryQuery.all(20));
    assertThat(ids(after)).isEqualTo(ids(before));
    assertThat(after.get(2)).isEqualTo(DeploymentSummary.of(ahead));
    assertThat(after).usingRecursiveFieldByFieldElementComparator().contains(before.get(0), before.get(1));
  }

  @Test
  void aTornIndexLineIsIgnoredByReadersAndCutBeforeTheNextAppend() throws Exception {
    Path index = store.root().resolve("index.jsonl");
    Files.writeString(index, "{\"id\":\"d-99\",\"serv", java.nio.file.StandardOpenOption.APPEND);
    FileDeploymentStore fresh = new FileDeploymentStore(store.root(), clock);
    assertThat(ids(fresh.history(HistoryQuery.all(20)))).containsExactly("d-5", "d-4", "d-3", "d-2", "d-1");
    fresh.write(w -> w.save(Deployment.create(w.nextId(), "next", "main", "c", "1", "me", clock.instant())));
    assertThat(ids(fresh.history(HistoryQuery.all(2)))).containsExactly("d-6", "d-5");
    assertThat(Files.readString(index)).doesNotContain("d-99").endsWith("\n");
  }

  @Test
  void aClockThatSteppedBackDoesNotHideOlderNumbersFromASinceQuery() {
    // d-6 is numbered last but dated an hour before the others (the clock stepped back, or a store was imported).
    clock.advance(Duration.between(clock.instant(), T0.minus(Duration.ofHours(1))));
    add("search", State.COMPLETED, "dev");

    assertThat(ids(store.history(new HistoryQuery(null, null, null, T0.plusSeconds(60), 20))))
        .containsExactly("d-5", "d-4", "d-3", "d-2");
  }
}
