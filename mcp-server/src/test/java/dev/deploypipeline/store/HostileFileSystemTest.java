package dev.deploypipeline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.testutil.TmpfsMount;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.DeploymentSummary;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The store on real hostile file systems (tmpfs mounts): full and read-only. A failed write must name the store,
 * say what happened and what to do, and leave every acknowledged record, the index and the audit chain as they were;
 * once the condition clears the store works again.
 */
class HostileFileSystemTest {
  @TempDir Path tmp;
  final TestClock clock = TestClock.at("2026-11-25T10:00:00Z");
  TmpfsMount fs;

  @AfterEach
  void unmount() throws Exception {
    if (fs != null) fs.close();
  }

  /**
   * Different amounts of free space stop the store at different points of its writes: the id sequence, the backup
   * link, the record, the index line, the audit line.
   */
  @ParameterizedTest(name = "{0} KB left")
  @ValueSource(ints = {4, 8, 12, 16, 20, 24, 28, 32, 36, 40})
  void aFullDiskStopsWritesWithANextStepAndCorruptsNothing(int freeKb) throws Exception {
    fs = TmpfsMount.mount(tmp.resolve("fs"), 256);
    Path root = fs.dir().resolve("store");
    FileDeploymentStore store = new FileDeploymentStore(root, clock);
    Map<String, Deployment> acked = new LinkedHashMap<>();
    for (int i = 0; i < 3; i++) acked.putAll(create(store));
    Path filler = fs.dir().resolve("filler");
    long filled = TmpfsMount.fill(filler);
    try (FileChannel ch = FileChannel.open(filler, StandardOpenOption.WRITE)) {
      ch.truncate(filled - freeKb * 1024L);
    }

    StoreException failure = null;
    String inFlight = null;
    for (int round = 0; round < 500 && failure == null; round++) {
      try {
        for (String id : List.copyOf(acked.keySet())) {
          inFlight = id;
          acked.putAll(touch(store, acked.get(id), round));
        }
        inFlight = null; // a new deployment: not acknowledged, so not in acked
        acked.putAll(create(store));
      } catch (StoreException e) {
        failure = e;
      }
    }

    assertThat(failure).as("the store ran out of space").isNotNull();
    assertThat(failure.problem()).startsWith("cannot ").contains(root.toString()).contains("file system is full")
        .contains("No space left on device");
    assertThat(failure.nextStep()).contains("free space on the file system holding " + root.toAbsolutePath())
        .contains("df -h " + root.toAbsolutePath()).contains("deployment-pipeline deploy resume");
    assertThat(failure.getMessage()).contains(failure.problem()).contains(failure.nextStep());
    assertAcknowledged(root, acked, inFlight);
    StoreDoctor.Report diagnosis = new StoreDoctor(store).examine(false);
    assertThat(diagnosis.findings()).filteredOn(f -> f.check().equals("writable")).singleElement()
        .satisfies(f -> assertThat(f.ok()).isFalse())
        .satisfies(f -> assertThat(f.message()).contains("file system is full").contains("df -h"));
    assertThat(diagnosis.findings()).filteredOn(f -> f.check().equals("audit")).singleElement()
        .satisfies(f -> assertThat(f.ok()).isTrue());

    Files.delete(filler);
    FileDeploymentStore after = new FileDeploymentStore(root, clock);
    // What the service does when it next looks for deployments to take over (Takeovers.expired).
    after.repairAfterCrash();
    for (String id : List.copyOf(acked.keySet())) {
      acked.putAll(touch(after, after.find(id).orElseThrow(), 999));
    }
    acked.putAll(create(after));
    assertAcknowledged(root, acked, null);
    StoreDoctor.Report report = new StoreDoctor(after).examine(false);
    assertThat(report.findings()).allSatisfy(f -> assertThat(f.ok()).as(f.check() + ": " + f.message()).isTrue());
  }

  @Test
  void aReadOnlyStoreStillAnswersReadsAndRefusesWritesWithoutChangingAByte() throws Exception {
    fs = TmpfsMount.mount(tmp.resolve("fs"), 512);
    Path root = fs.dir().resolve("store");
    FileDeploymentStore store = new FileDeploymentStore(root, clock);
    Map<String, Deployment> acked = new LinkedHashMap<>();
    for (int i = 0; i < 3; i++) acked.putAll(create(store));
    acked.putAll(touch(store, acked.get("d-2"), 1));
    Map<Path, byte[]> before = snapshot(root);

    fs.readOnly();
    FileDeploymentStore ro = new FileDeploymentStore(root, clock);
    assertUntouched(root, acked);
    assertThat(ro.audit("d-2")).extracting(AuditEntry::event).containsExactly("CREATE", "TOUCH");
    assertThat(ro.active()).hasSize(3);

    assertThatThrownBy(() -> touch(ro, acked.get("d-1"), 2)).isInstanceOfSatisfying(StoreException.class, e -> {
      assertThat(e.problem()).contains(root.toString()).contains("mounted read-only")
          .contains("Read-only file system");
      assertThat(e.nextStep()).contains("remount the file system holding " + root.toAbsolutePath() + " read-write")
          .contains("writable file system");
    });
    assertThatThrownBy(() -> create(ro)).isInstanceOf(StoreException.class).hasMessageContaining("read-only");
    StoreDoctor.Report diagnosis = new StoreDoctor(ro).examine(false);
    assertThat(diagnosis.findings()).filteredOn(f -> !f.ok()).singleElement()
        .satisfies(f -> assertThat(f.check()).isEqualTo("writable"))
        .satisfies(f -> assertThat(f.message()).contains("mounted read-only").contains("remount"));
    assertThat(diagnosis.deployments()).isEqualTo(3);
    assertThatThrownBy(() -> new StoreDoctor(ro).examine(true)).as("repair needs a writable store")
        .isInstanceOf(StoreException.class).hasMessageContaining("read-only");
    assertThat(snapshot(root)).as("nothing on disk changed").containsExactlyInAnyOrderEntriesOf(before);

    fs.readWrite();
    acked.putAll(touch(ro, ro.find("d-1").orElseThrow(), 3));
    acked.putAll(create(ro));
    assertUntouched(root, acked);
    assertThat(new StoreDoctor(ro).examine(false).healthy()).isTrue();
  }

  @Test
  void theClassificationCoversTheErrorsUsersCanClear() {
    Path root = Path.of("/srv/app/.claude/deployments");
    Map<String, String> cases = new TreeMap<>(Map.of(
        "No space left on device", "df -h /srv/app/.claude/deployments",
        "Disk quota exceeded", "quota",
        "Read-only file system", "remount",
        "Permission denied", "write access to /srv/app/.claude/deployments"));
    cases.forEach((reason, hint) -> {
      StoreException e = StoreFailures.failure("cannot save deployment d-3 in " + root, root,
          new java.nio.file.FileSystemException(root + "/seq.1.tmp", null, reason));
      assertThat(e.problem()).as(reason).startsWith("cannot save deployment d-3 in " + root).contains(reason);
      assertThat(e.nextStep()).as(reason).contains(hint);
    });
    StoreException denied = StoreFailures.failure("cannot lock x", root,
        new java.nio.file.AccessDeniedException("/srv/app/.claude/deployments/store.lock"));
    assertThat(denied.problem()).contains("permission denied");
    StoreException other = StoreFailures.failure("cannot read x", root, new IOException("Input/output error"));
    assertThat(other.nextStep()).as("no invented advice for an unknown error").isNull();
    assertThat(other.getMessage()).isEqualTo("cannot read x: Input/output error");
  }

  /** Creates a deployment and its audit line in one write; returns it as acknowledged. */
  private Map<String, Deployment> create(FileDeploymentStore s) {
    clock.advance(Duration.ofSeconds(1));
    Deployment d = s.write(w -> {
      Deployment saved = w.save(Deployment.create(w.nextId(), "svc", "main", "abc123", "1.0.0", "dev@example.com",
          clock.instant()));
      w.audit(new AuditRecord(clock.instant(), saved.id(), "dev@example.com", "CREATE", null, "pending", null, null));
      return saved;
    });
    return Map.of(d.id(), d);
  }

  private Map<String, Deployment> touch(FileDeploymentStore s, Deployment d, int round) {
    clock.advance(Duration.ofSeconds(1));
    Deployment saved = s.write(w -> {
      Deployment next = w.save(d.withError("round " + round + " " + "x".repeat(300), clock.instant()));
      w.audit(new AuditRecord(clock.instant(), d.id(), "dev@example.com", "TOUCH", null, null, null,
          Map.of("round", round)));
      return next;
    });
    return Map.of(saved.id(), saved);
  }

  private void assertUntouched(Path root, Map<String, Deployment> acked) throws IOException {
    assertAcknowledged(root, acked, null);
  }

  /**
   * Every acknowledged deployment reads back as acknowledged, from its record and from the index, and the audit
   * chain verifies. The one deployment whose write failed ({@code inFlight}) may show part of that write to plain
   * readers: its journal entry was committed, and applying it ran out of space after the record. The next writer
   * finishes it from the journal (the check after space is freed is strict).
   */
  private void assertAcknowledged(Path root, Map<String, Deployment> acked, String inFlight) throws IOException {
    FileDeploymentStore fresh = new FileDeploymentStore(root, clock);
    Map<String, DeploymentSummary> indexed = new TreeMap<>();
    fresh.history(HistoryQuery.all(10_000)).forEach(x -> indexed.put(x.id(), x));
    for (Deployment d : acked.values()) {
      Deployment onDisk = fresh.find(d.id()).orElseThrow();
      if (d.id().equals(inFlight)) {
        assertThat(onDisk.revision()).as(d.id()).isBetween(d.revision(), d.revision() + 1);
        assertThat(indexed.get(d.id()).updatedAt()).as(d.id() + " in the index")
            .isIn(d.updatedAt(), onDisk.updatedAt());
      } else {
        assertThat(onDisk).as(d.id()).isEqualTo(d);
        assertThat(indexed.get(d.id())).as(d.id() + " in the index").isEqualTo(DeploymentSummary.of(d));
      }
    }
    assertThat(indexed.keySet()).as("nothing unacknowledged is indexed, except a deployment whose create failed")
        .hasSizeBetween(acked.size(), acked.size() + (inFlight == null ? 1 : 0));
    assertThat(fresh.verifyAudit().intact()).as(fresh.verifyAudit().toString()).isTrue();
    try (Stream<Path> files = Files.walk(root)) {
      assertThat(files.map(Path::toString).filter(p -> p.endsWith(AtomicFiles.TEMP_SUFFIX)))
          .as("temp files of failed writes are removed").isEmpty();
    }
  }

  private static Map<Path, byte[]> snapshot(Path root) throws IOException {
    Map<Path, byte[]> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) out.put(root.relativize(p), Files.readAllBytes(p));
    }
    return out;
  }
}
