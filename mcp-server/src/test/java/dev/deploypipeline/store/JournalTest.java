package dev.deploypipeline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.DeploymentSummary;
import dev.deploypipeline.workflow.Event;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-ahead journal: a transaction's save and audit lines land together or not at all. A process killed at any
 * point is simulated on real files: the store is snapshotted before a transaction, and after it the files a killed
 * writer would not have reached are put back, leaving the journal as the kill left it.
 */
class JournalTest {
  static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  @TempDir Path tmp;
  final TestClock clock = new TestClock(T0);
  Path root;
  FileDeploymentStore store;

  @BeforeEach
  void oneDeployment() {
    root = tmp.resolve("store");
    store = new FileDeploymentStore(root, clock);
    store.write(w -> {
      Deployment d = w.save(Deployment.create(w.nextId(), "svc", "main", "c1", "v1", "alice", T0));
      w.audit(new AuditRecord(null, d.id(), "alice", "CREATED", null, "pending", null, null));
      return d;
    });
  }

  /** The transition a kill interrupts: one save plus its audit line, like Transitions.fire. */
  Deployment start(FileDeploymentStore s) {
    return s.write(w -> {
      Deployment d = w.save(w.get("d-1").orElseThrow().apply(Event.START, clock.instant()));
      w.audit(new AuditRecord(null, "d-1", "engine", "START", "pending", "validating", null, null));
      return d;
    });
  }

  Map<Path, byte[]> snapshot(String... names) throws Exception {
    Map<Path, byte[]> m = new HashMap<>();
    for (String n : names) m.put(root.resolve(n), Files.readAllBytes(root.resolve(n)));
    return m;
  }

  static void restore(Map<Path, byte[]> files) throws Exception {
    for (var e : files.entrySet()) Files.write(e.getKey(), e.getValue());
  }

  /** Removes the last applied-marker: the writer was killed after its commit, before it finished applying. */
  void dropLastMarker() throws Exception {
    Path j = root.resolve("journal.jsonl");
    byte[] b = Files.readAllBytes(j);
    assertThat(new String(b, StandardCharsets.UTF_8)).endsWith(new String(Journal.APPLIED, StandardCharsets.UTF_8));
    Files.write(j, Arrays.copyOf(b, b.length - Journal.APPLIED.length));
  }

  long auditLines(String event) {
    return store.audit("d-1").stream().filter(e -> e.event().equals(event)).count();
  }

  @Test
  void killedAfterTheCommitBeforeAnyApplyIsFinishedByTheNextWriter() throws Exception {
    var before = snapshot("deployments/d-1.json", "index.jsonl", "audit.jsonl");
    start(store);
    restore(before);
    dropLastMarker();
    assertThat(store.find("d-1").orElseThrow().state().id()).as("files as the kill left them").isEqualTo("pending");

    FileDeploymentStore next = new FileDeploymentStore(root, clock);
    next.write(w -> null);

    assertThat(next.find("d-1").orElseThrow()).satisfies(d -> {
      assertThat(d.state().id()).isEqualTo("validating");
      assertThat(d.revision()).isEqualTo(2);
    });
    assertThat(next.history(HistoryQuery.all(5))).extracting(s -> s.state().id()).containsExactly("validating");
    assertThat(auditLines("START")).isEqualTo(1);
    assertThat(next.verifyAudit().intact()).isTrue();
  }

  @Test
  void killedBetweenTheSaveAndItsAuditLineGetsTheLineOnceAndNoSecondSave() throws Exception {
    var before = snapshot("audit.jsonl");
    start(store);
    restore(before); // the record and the index were applied, the audit line was not
    dropLastMarker();

    FileDeploymentStore next = new FileDeploymentStore(root, clock);
    next.write(w -> null);

    assertThat(next.find("d-1").orElseThrow().revision()).as("not saved twice").isEqualTo(2);
    assertThat(auditLines("START")).isEqualTo(1);
    assertThat(next.verifyAudit()).satisfies(v -> {
      assertThat(v.intact()).isTrue();
      assertThat(v.lines()).isEqualTo(2);
    });
    long indexLinesForD1 = Files.readAllLines(root.resolve("index.jsonl")).stream().filter(l -> l.contains("d-1"))
        .count();
    assertThat(indexLinesForD1).as("the index line the writer did append is not added again").isEqualTo(2);
  }

  @Test
  void aRunningProcessFinishesAnotherWritersUnappliedEntryBeforeItsOwnTransaction() throws Exception {
    FileDeploymentStore running = new FileDeploymentStore(root, clock);
    running.write(w -> null); // this process has replayed already
    var before = snapshot("deployments/d-1.json", "index.jsonl", "audit.jsonl");
    start(store); // "another process", killed while applying
    restore(before);
    dropLastMarker();

    Deployment d = running.write(w -> w.save(w.get("d-1").orElseThrow().apply(Event.VALIDATION_COMPLETE,
        clock.instant())));

    assertThat(d.revision()).as("built on the recovered save, not on the stale file").isEqualTo(3);
    assertThat(auditLines("START")).isEqualTo(1);
    assertThat(running.verifyAudit().intact()).isTrue();
  }

  @Test
  void aTornCommitWasNeverAppliedAndIsCutOff() throws Exception {
    var before = snapshot("deployments/d-1.json", "index.jsonl", "audit.jsonl", "journal.jsonl");
    start(store);
    restore(before);
    byte[] entry = Files.readAllBytes(root.resolve("journal.jsonl"));
    byte[] old = before.get(root.resolve("journal.jsonl"));
    // The kill landed inside the journal append itself: part of the entry, no newline, never acknowledged.
    byte[] torn = Arrays.copyOf(entry, old.length + (entry.length - old.length) / 2);
    Files.write(root.resolve("journal.jsonl"), torn);

    FileDeploymentStore next = new FileDeploymentStore(root, clock);
    next.write(w -> null);

    assertThat(next.find("d-1").orElseThrow().state().id()).isEqualTo("pending");
    assertThat(auditLines("START")).isZero();
    assertThat(next.verifyAudit().intact()).isTrue();
  }

  @Test
  void aTornLastAuditLineStillInTheJournalIsRestoredWhole() throws Exception {
    start(store);
    Path audit = root.resolve("audit.jsonl");
    byte[] all = Files.readAllBytes(audit);
    Files.write(audit, Arrays.copyOf(all, all.length - 30)); // power cut inside the last, unforced line
    assertThat(store.verifyAudit().intact()).isFalse();

    FileDeploymentStore next = new FileDeploymentStore(root, clock);
    next.write(w -> null);

    assertThat(Files.readAllBytes(audit)).isEqualTo(all);
    assertThat(next.verifyAudit().intact()).isTrue();
  }

  @Test
  void aTransactionThatThrowsLeavesNothingBehind() throws Exception {
    var before = snapshot("deployments/d-1.json", "index.jsonl", "audit.jsonl", "journal.jsonl");
    assertThatThrownBy(() -> store.write(w -> {
      w.save(w.get("d-1").orElseThrow().apply(Event.START, clock.instant()));
      w.audit(new AuditRecord(null, "d-1", "engine", "START", "pending", "validating", null, null));
      throw new IllegalStateException("guard said no, after the save");
    })).hasMessageContaining("guard said no");

    for (var e : before.entrySet()) assertThat(Files.readAllBytes(e.getKey())).isEqualTo(e.getValue());
  }

  @Test
  void aTransactionReadsItsOwnSaves() {
    Deployment twice = store.write(w -> {
      Deployment a = w.save(w.get("d-1").orElseThrow().apply(Event.START, clock.instant()));
      assertThat(w.get("d-1")).contains(a);
      assertThat(w.active()).extracting(DeploymentSummary::state).containsExactly(a.state());
      return w.save(a.apply(Event.VALIDATION_COMPLETE, clock.instant()));
    });
    assertThat(twice.revision()).isEqualTo(3);
    assertThat(store.find("d-1")).contains(twice);
  }

  @Test
  void aCheckpointForcesAndEmptiesTheJournalOnceItIsFull() throws Exception {
    FileDeploymentStore small = new FileDeploymentStore(root, clock, FileDeploymentStore.INDEX_COMPACTION_FLOOR,
        8 * 1024);
    long max = 0;
    for (int i = 0; i < 40; i++) {
      small.write(w -> {
        Deployment d = w.save(Deployment.create(w.nextId(), "svc", "main", "c", "v", "alice", clock.instant()));
        w.audit(new AuditRecord(null, d.id(), "alice", "CREATED", null, "pending", null, null));
        return d;
      });
      max = Math.max(max, Files.size(root.resolve("journal.jsonl")));
    }
    assertThat(max).as("never far past the checkpoint size").isLessThan(8 * 1024 + 4096);
    assertThat(small.history(HistoryQuery.all(100))).hasSize(41);
    assertThat(small.verifyAudit()).satisfies(v -> {
      assertThat(v.intact()).isTrue();
      assertThat(v.lines()).isEqualTo(41);
    });
    try (Stream<Path> s = Files.list(root.resolve("deployments"))) {
      assertThat(s.filter(p -> p.toString().endsWith(".json")).count()).isEqualTo(41);
    }
  }

  @Test
  void theFirstWriteOfAProcessReplaysAndCheckpointsTheWholeJournal() throws Exception {
    start(store);
    assertThat(Files.size(root.resolve("journal.jsonl"))).isPositive();
    // A power cut loses writes that were applied but not yet forced; the journal, forced, still has them.
    Files.write(root.resolve("deployments/d-1.json"), "".getBytes(StandardCharsets.UTF_8));
    Files.delete(root.resolve("deployments/d-1.json.bak"));
    Files.write(root.resolve("index.jsonl"), List.of());

    FileDeploymentStore next = new FileDeploymentStore(root, clock);
    next.write(w -> null);

    assertThat(next.find("d-1").orElseThrow().state().id()).isEqualTo("validating");
    assertThat(next.history(HistoryQuery.all(5))).extracting(DeploymentSummary::id).containsExactly("d-1");
    assertThat(Files.size(root.resolve("journal.jsonl"))).as("checkpointed").isZero();
    assertThat(next.verifyAudit().intact()).isTrue();
  }

  @Test
  void doctorReportsAHalfAppliedTransactionWithoutTouchingItAndRepairApplies() throws Exception {
    var before = snapshot("deployments/d-1.json", "index.jsonl", "audit.jsonl");
    start(store);
    restore(before);
    dropLastMarker();
    FileDeploymentStore fresh = new FileDeploymentStore(root, clock);

    StoreDoctor.Report check = new StoreDoctor(fresh).examine(false);
    assertThat(check.findings()).filteredOn(f -> f.check().equals("journal")).singleElement()
        .satisfies(f -> {
          assertThat(f.ok()).isFalse();
          assertThat(f.message()).contains("not fully applied").contains("doctor --repair");
        });
    assertThat(fresh.find("d-1").orElseThrow().state().id()).as("checking changes nothing").isEqualTo("pending");

    StoreDoctor.Report repaired = new StoreDoctor(fresh).examine(true);
    assertThat(repaired.healthy()).isTrue();
    assertThat(fresh.find("d-1").orElseThrow().state().id()).isEqualTo("validating");
    assertThat(auditLines("START")).isEqualTo(1);
  }
}
