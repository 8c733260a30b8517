package dev.deploypipeline.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.DeploymentSummary;
import dev.deploypipeline.workflow.State;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code index.slots} is a cache of {@code index.jsonl}: whatever state it is in (missing, of another index version,
 * behind the index, patched past its mark by a writer that was killed), history answers exactly as a full read of
 * the index would.
 */
class IndexSlotsTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  @TempDir Path dir;
  final TestClock clock = new TestClock(T0);

  static final List<HistoryQuery> QUERIES = List.of(HistoryQuery.all(500), HistoryQuery.all(7),
      new HistoryQuery("search", null, null, null, 500), new HistoryQuery(null, "prod", null, null, 500),
      new HistoryQuery(null, null, State.FAILED, null, 500),
      new HistoryQuery("payments", null, null, T0.plus(Duration.ofMinutes(20)), 500));

  /** 40 deployments of two services, every third one saved again later with a new end state. */
  FileDeploymentStore fill(Path root) {
    FileDeploymentStore store = new FileDeploymentStore(root, clock);
    for (int i = 0; i < 40; i++) {
      String service = i % 2 == 0 ? "payments" : "search";
      store.write(w -> w.save(Deployment.create(w.nextId(), service, "main", "c", "1", "me", clock.instant())
          .withState(State.BUILDING, clock.instant())));
      clock.advance(Duration.ofMinutes(1));
    }
    for (int i = 1; i <= 40; i += 3) {
      Deployment d = store.find("d-" + i).orElseThrow();
      State end = i % 2 == 0 ? State.FAILED : State.COMPLETED;
      store.write(w -> w.save(d.withState(end, clock.instant())));
    }
    mark(store);
    return store;
  }

  /** Writes the slots of every line and moves the mark to the end (a writer does so every 1,024 lines). */
  static void mark(FileDeploymentStore store) {
    store.write(w -> {
      try {
        store.index().checkpointSlots();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return null;
    });
  }

  /** What a full read of index.jsonl gives (the last line of an id wins), filtered like history does. */
  static List<String> expected(Path root, HistoryQuery q) throws Exception {
    return expectedSummaries(root, q).stream().map(DeploymentSummary::id).toList();
  }

  static List<DeploymentSummary> expectedSummaries(Path root, HistoryQuery q) throws Exception {
    java.util.Map<String, DeploymentSummary> last = new java.util.HashMap<>();
    for (String line : Files.readAllLines(root.resolve("index.jsonl"))) {
      if (line.startsWith("{\"index\":")) continue;
      DeploymentSummary s = Json.MAPPER.readValue(line, DeploymentSummary.class);
      last.put(s.id(), s);
    }
    return last.values().stream()
        .filter(s -> q.service() == null || q.service().equals(s.service()))
        .filter(s -> q.state() == null || q.state() == s.state())
        .filter(s -> q.environment() == null || s.environments().contains(q.environment()))
        .filter(s -> q.since() == null || !s.createdAt().isBefore(q.since()))
        .sorted((a, b) -> Long.compare(SummaryIndex.idNumber(b.id()), SummaryIndex.idNumber(a.id())))
        .limit(q.limit()).toList();
  }

  void assertAnswersLikeAFullRead(Path root) throws Exception {
    FileDeploymentStore fresh = new FileDeploymentStore(root, clock);
    for (HistoryQuery q : QUERIES) {
      assertThat(fresh.history(q)).as(q.toString()).extracting(DeploymentSummary::id).isEqualTo(expected(root, q));
    }
    List<String> active = expectedSummaries(root, HistoryQuery.all(Integer.MAX_VALUE)).stream()
        .filter(DeploymentSummary::isActive).map(DeploymentSummary::id).toList();
    assertThat(fresh.active()).extracting(DeploymentSummary::id).isEqualTo(active);
  }

  @Test
  void timeRangedQueriesSkipOldChunksYetAnswerLikeAFullReadEvenWhenTheClockSteppedBack() throws Exception {
    Path root = dir.resolve("ranged");
    FileDeploymentStore store = fill(root);
    StoreGenerator.generate(store, 3 * SummaryIndex.CHUNK + 100, T0.plus(Duration.ofDays(1)), 7, false);
    mark(store);
    // Past the mark: an old deployment saved again, and a new one whose clock stepped back before all the others.
    Deployment old = store.find("d-5").orElseThrow();
    store.write(w -> w.save(old.withState(State.ROLLED_BACK, T0.plus(Duration.ofDays(30)))));
    store.write(w -> w.save(Deployment.create(w.nextId(), "payments", "main", "c", "1", "me", T0.minus(Duration.ofDays(1)))
        .withState(State.COMPLETED, T0)));
    List<Instant> sinces = List.of(T0.minus(Duration.ofDays(2)), T0.plus(Duration.ofMinutes(20)),
        T0.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(5_000)), T0.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(12_000)),
        T0.plus(Duration.ofDays(365)));
    FileDeploymentStore fresh = new FileDeploymentStore(root, clock);
    for (int round = 0; round < 2; round++) { // the second round answers from the chunks' newest times learnt
      for (Instant since : sinces) {
        for (HistoryQuery q : List.of(new HistoryQuery(null, null, null, since, 500),
            new HistoryQuery("payments", null, null, since, 20), new HistoryQuery(null, null, State.ROLLED_BACK, since, 500))) {
          assertThat(fresh.history(q)).as(round + " " + q).extracting(DeploymentSummary::id).isEqualTo(expected(root, q));
        }
      }
    }
  }

  @Test
  void aStoreWrittenBeforeSlotsIsReadAsItIsAndGetsSlotsAtTheNextServerStart() throws Exception {
    Path root = dir.resolve("old");
    StoreGenerator.generate(fill(root), SummaryIndex.SLOT_CHECKPOINT_LINES, T0.plus(Duration.ofHours(1)), 3, false);
    // index.jsonl has the same format as before slots existed: without index.slots the store is one of then.
    Files.delete(root.resolve("index.slots"));
    byte[] index = Files.readAllBytes(root.resolve("index.jsonl"));

    assertAnswersLikeAFullRead(root);
    assertThat(root.resolve("index.slots")).as("readers write nothing").doesNotExist();

    new FileDeploymentStore(root, clock).repairAfterCrash();
    assertThat(root.resolve("index.slots")).exists();
    assertThat(Files.readAllBytes(root.resolve("index.jsonl"))).isEqualTo(index);
    assertAnswersLikeAFullRead(root);
  }

  @Test
  void slotsOfAnotherVersionOfTheIndexAreIgnored() throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    fill(a);
    FileDeploymentStore sb = fill(b);
    sb.write(w -> w.save(sb.find("d-2").orElseThrow().withState(State.ROLLED_BACK, clock.instant())));
    Files.copy(a.resolve("index.slots"), b.resolve("index.slots"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertAnswersLikeAFullRead(b);
    assertThat(new FileDeploymentStore(b, clock).history(new HistoryQuery(null, null, State.ROLLED_BACK, null, 5)))
        .extracting(DeploymentSummary::id).containsExactly("d-2");
  }

  @Test
  void linesPastTheMarkShadowWhatAKilledWriterPatchedIntoTheSlots() throws Exception {
    Path root = dir.resolve("s");
    fill(root);
    // A writer killed after patching slots but before moving the mark: slots past the mark may say anything.
    try (FileChannel ch = FileChannel.open(root.resolve("index.slots"), StandardOpenOption.WRITE)) {
      for (long n = 1; n <= 40; n++) {
        ByteBuffer junk = ByteBuffer.allocate(IndexSlots.WIDTH);
        junk.putLong(0, 7).putInt(8, 90);
        ch.write(junk, IndexSlots.HEADER + n * IndexSlots.WIDTH);
      }
    }
    IndexSlots.Header h;
    try (FileChannel ch = FileChannel.open(root.resolve("index.slots"))) {
      h = IndexSlots.readHeader(ch);
    }
    // The mark back at the start: every line is past it, and the junk slots must not count.
    try (FileChannel ch = FileChannel.open(root.resolve("index.slots"), StandardOpenOption.WRITE)) {
      long headerLine = Files.readAllLines(root.resolve("index.jsonl")).get(0).length() + 1;
      ch.write(IndexSlots.header(new IndexSlots.Header(h.identity(), headerLine, 1, 0, 40, 1)), 0);
    }
    assertAnswersLikeAFullRead(root);
  }

  @Test
  void cutSlotsAreIgnored() throws Exception {
    Path root = dir.resolve("cut");
    fill(root);
    try (FileChannel ch = FileChannel.open(root.resolve("index.slots"), StandardOpenOption.WRITE)) {
      ch.truncate(IndexSlots.HEADER + 10L * IndexSlots.WIDTH);
    }
    assertAnswersLikeAFullRead(root);
  }

  @Test
  void theMarkMovesAsTheIndexGrowsAndReadersOnlyParseTheLinesPastIt() throws Exception {
    Path root = dir.resolve("m");
    FileDeploymentStore store = new FileDeploymentStore(root, clock);
    StoreGenerator.generate(store, 3, T0, 1, false);
    long covered0 = header(root).covered();
    Deployment d = store.write(w -> w.save(Deployment.create(w.nextId(), "x", "main", "c", "1", "me", T0)));
    for (int i = 0; i < SummaryIndex.SLOT_CHECKPOINT_LINES + 5; i++) {
      Deployment cur = store.find(d.id()).orElseThrow();
      store.write(w -> w.save(cur.withError("e" + cur.revision(), T0)));
    }
    assertThat(header(root).covered()).isGreaterThan(covered0);
    assertThat(header(root).covered()).isLessThan(Files.size(root.resolve("index.jsonl")) + 1);
    assertAnswersLikeAFullRead(root);
    assertThat(new FileDeploymentStore(root, clock).history(HistoryQuery.all(1)).get(0).error())
        .isEqualTo("e" + (SummaryIndex.SLOT_CHECKPOINT_LINES + 5));
  }

  @Test
  void aSlotPointingAtAnotherLineIsSkippedNotAnsweredAsThatDeployment() throws Exception {
    Path root = dir.resolve("t");
    fill(root); // the mark past every line, so that the slots are what is read
    // d-40's slot made to point at d-39's line, below the mark (a damaged file, not something a crash leaves).
    Path slots = root.resolve("index.slots");
    try (FileChannel ch = FileChannel.open(slots, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(IndexSlots.WIDTH);
      ch.read(b, IndexSlots.HEADER + 39L * IndexSlots.WIDTH);
      ch.write(b.flip(), IndexSlots.HEADER + 40L * IndexSlots.WIDTH);
    }
    List<DeploymentSummary> h = new FileDeploymentStore(root, clock).history(HistoryQuery.all(3));
    assertThat(h).extracting(DeploymentSummary::id).doesNotContain("d-40").contains("d-39");
    assertThat(Stream.of(h.toArray())).hasSize(3);
  }

  static IndexSlots.Header header(Path root) throws Exception {
    try (FileChannel ch = FileChannel.open(root.resolve("index.slots"))) {
      return IndexSlots.readHeader(ch);
    }
  }
}
