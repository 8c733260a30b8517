package dev.deploypipeline.store;

import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.DeploymentSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store (docs/design.md, Persistence): plain files under {@code <project>/.claude/deployments/}.
 *
 * <pre>
 * deployments/&lt;id&gt;.json      current copy, replaced atomically on every save
 * deployments/&lt;id&gt;.json.bak  the copy it replaced (read when the current one is missing or damaged)
 * index.jsonl                 one summary line per save; history and status read only this and
 * index.slots                 fixed-width pointers to each deployment's last index line (see {@link IndexSlots})
 * audit.jsonl                 hash-chained audit trail (see {@link AuditLog})
 * journal.jsonl               write-ahead log: each transaction, forced before it is applied (see {@link Journal})
 * seq                         last id number handed out
 * store.lock                  OS lock that serializes writers across processes
 * logs/&lt;id&gt;/&lt;stage&gt;.log      stage output
 * </pre>
 *
 * Nothing is created until the first write, so reading a project that never deployed leaves it untouched.
 */
public final class FileDeploymentStore implements DeploymentStore {
  private static final Logger LOG = LoggerFactory.getLogger(FileDeploymentStore.class);
  private final Path root;
  private final Clock clock;
  private final StoreLock lock;
  private final DeploymentFiles files;
  private final SummaryIndex index;
  private final AuditLog audit;
  private final IdSequence ids;
  private final Journal journal;
  private volatile boolean tempFilesSwept;
  private volatile boolean journalReplayed;
  private final long journalCheckpointBytes;

  /** Index lines below which compaction is skipped (about 400 KB of summaries). */
  static final int INDEX_COMPACTION_FLOOR = 1000;

  /**
   * Journal size at which a checkpoint forces what its entries wrote and empties it: large enough that the
   * checkpoint's fsyncs are paid once per dozens of transactions, small enough to replay in milliseconds.
   */
  static final long JOURNAL_CHECKPOINT_BYTES = 256 * 1024;

  public FileDeploymentStore(Path root, Clock clock) {
    this(root, clock, INDEX_COMPACTION_FLOOR);
  }

  FileDeploymentStore(Path root, Clock clock, int indexCompactionFloor) {
    this(root, clock, indexCompactionFloor, JOURNAL_CHECKPOINT_BYTES);
  }

  FileDeploymentStore(Path root, Clock clock, int indexCompactionFloor, long journalCheckpointBytes) {
    this.journalCheckpointBytes = journalCheckpointBytes;
    this.root = root;
    this.clock = clock;
    this.lock = new StoreLock(root);
    this.files = new DeploymentFiles(deploymentsDir());
    this.index = new SummaryIndex(root.resolve("index.jsonl"), indexCompactionFloor);
    this.audit = new AuditLog(root.resolve("audit.jsonl"), clock);
    this.ids = new IdSequence(root.resolve("seq"), index::maxIdNumber);
    this.journal = new Journal(root.resolve("journal.jsonl"));
  }

  /** The store of a project: {@code <projectDir>/.claude/deployments}, on the system clock. */
  public static FileDeploymentStore forProject(Path projectDir) {
    return new FileDeploymentStore(projectDir.resolve(".claude").resolve("deployments"), Clock.systemUTC());
  }

  @Override
  public Path root() {
    return root;
  }

  @Override
  public Optional<Deployment> find(String id) {
    return files.find(id);
  }

  @Override
  public List<DeploymentSummary> history(HistoryQuery q) {
    if (q.limit() < 1) {
      throw new IllegalArgumentException("history limit must be at least 1 (got " + q.limit() + ")");
    }
    return index.history(q.service(), q.environment(), q.state(), q.since(), q.limit());
  }

  @Override
  public List<DeploymentSummary> active() {
    return index.active();
  }

  @Override
  public List<AuditEntry> audit(String deploymentId) {
    return audit.read(deploymentId);
  }

  @Override
  public AuditVerification verifyAudit() {
    return audit.verify();
  }

  @Override
  public Path logFile(String deploymentId, String stage) {
    Path dir = root.resolve("logs").resolve(DeploymentFiles.checkName("deployment id", deploymentId));
    io("create the log directory " + dir, () -> Files.createDirectories(dir));
    return dir.resolve(DeploymentFiles.checkName("stage name", stage) + ".log");
  }

  @Override
  public <T> T write(Transaction<T> tx) {
    return lock.withLock(() -> {
      sweepTempFilesOnce();
      replayJournal();
      LockedWriter w = new LockedWriter();
      T result = tx.run(w);
      w.commit();
      return result;
    });
  }

  /** The lock alone, without replaying the journal: for the doctor, whose checking must change nothing. */
  <T> T locked(java.util.function.Supplier<T> body) {
    return lock.withLock(body);
  }

  /** Transactions in the journal since its last checkpoint, and whether the last one was left unapplied. */
  record JournalState(int entries, boolean lastUnapplied) {}

  JournalState journalState() {
    return io("read the journal " + journal.file(),
        () -> new JournalState(journal.entries().size(), journal.unapplied().isPresent()));
  }

  /** Replays the whole journal and checkpoints it now (doctor --repair). Caller holds the lock. */
  void replayAll() {
    journalReplayed = false;
    replayJournal();
  }

  /**
   * Finishes what a writer killed while applying its journal entry left undone. The first time in this process it
   * replays the whole journal and checkpoints it, which also covers a power cut (applied writes not yet forced); after
   * that only the last entry can be unapplied, and finding out costs one small read.
   */
  private void replayJournal() {
    io("replay the journal " + journal.file(), () -> {
      if (!journalReplayed) {
        List<Journal.Entry> all = journal.entries();
        audit.cutTornTailOf(all.stream().flatMap(e -> e.audit().stream()).toList());
        for (Journal.Entry e : all) redo(e);
        if (!all.isEmpty()) checkpoint(all);
        journalReplayed = true;
      } else {
        Optional<Journal.Entry> e = journal.unapplied();
        if (e.isPresent()) {
          LOG.warn("applying the last journal entry, which its writer did not finish (killed while applying it)");
          audit.cutTornTailOf(e.get().audit());
          redo(e.get());
          journal.markApplied();
        }
      }
      return null;
    });
  }

  /** Applies an entry idempotently: each deployment only if its file is older, audit lines only if missing. */
  private void redo(Journal.Entry e) throws IOException {
    List<Deployment> parsed = e.parsedDeployments();
    for (int i = 0; i < parsed.size(); i++) {
      Deployment d = parsed.get(i);
      DeploymentFiles.Loaded cur = loadForRedo(d.id());
      long stored = cur.deployment().map(Deployment::revision).orElse(0L);
      if (stored > d.revision()) continue;
      if (stored < d.revision()) files.write(d.id(), e.deployments().get(i), cur.mainIsGood());
      DeploymentSummary s = DeploymentSummary.of(d);
      if (!index.get(d.id()).map(s::equals).orElse(false)) index.append(s, false);
    }
    audit.redo(e.audit());
  }

  private DeploymentFiles.Loaded loadForRedo(String id) {
    try {
      return files.load(id);
    } catch (StoreException unreadable) {
      // The journal holds a good copy: writing it is the repair.
      return new DeploymentFiles.Loaded(Optional.empty(), false);
    }
  }

  /** Forces everything the entries wrote, then empties the journal. */
  private void checkpoint(List<Journal.Entry> entries) throws IOException {
    java.util.Set<String> ids = new java.util.TreeSet<>();
    for (Journal.Entry e : entries) ids.addAll(e.ids());
    for (String id : ids) files.fsync(id);
    AtomicFiles.fsyncDirectory(files.dir());
    AtomicFiles.fsync(index.file());
    audit.fsync();
    AtomicFiles.fsyncDirectory(root);
    journal.clear();
  }

  /**
   * A save writes the deployment file, then its index line; a kill between the two leaves a new deployment that
   * history, status and recovery (which read the index) cannot see. Such ids lie above the highest indexed one and
   * at most at the id sequence, so only those files are read.
   */
  @Override
  public List<String> repairAfterCrash() {
    // Servers call this at start in every project they are launched in: one that never deployed stays untouched.
    if (!Files.isDirectory(root)) return List.of();
    return write(w -> io("repair the index tail in " + root, () -> {
      index.ensureSlots(); // an index written before slots existed gets them once, here rather than on a save
      List<String> repaired = new java.util.ArrayList<>();
      for (long n = index.maxIdNumber() + 1; n <= ids.current(); n++) {
        String id = "d-" + n;
        java.util.Optional<Deployment> d = files.find(id);
        if (d.isPresent()) {
          index.append(DeploymentSummary.of(d.get()));
          repaired.add(id);
        }
      }
      if (!repaired.isEmpty()) LOG.warn("indexed {} saved without an index line (interrupted write)", repaired);
      return repaired;
    }));
  }

  /**
   * Rewrites {@code index.jsonl} from the deployment files (one read of every file, so only for repair): after a
   * crash between a deployment's save and its index line, or when the index was lost. Returns how many deployments
   * it indexed.
   */
  public int rebuildIndex() {
    return write(w -> io("rebuild the index in " + root, () -> {
      List<DeploymentSummary> all = new java.util.ArrayList<>();
      for (String id : files.ids()) {
        try {
          files.find(id).map(DeploymentSummary::of).ifPresent(all::add);
        } catch (StoreException e) {
          LOG.warn("left out of the rebuilt index: {}", e.getMessage());
        }
      }
      all.sort(java.util.Comparator.comparing(DeploymentSummary::createdAt,
              java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))
          .thenComparingLong(s -> SummaryIndex.idNumber(s.id())));
      index.replaceWith(all);
      LOG.info("rebuilt {} from {} deployment files", root.resolve("index.jsonl"), all.size());
      return all.size();
    }));
  }

  /** Number of lines in {@code index.jsonl} as last read; for tests and diagnostics. */
  long indexLines() {
    return index.lineCount();
  }

  SummaryIndex index() {
    return index;
  }

  DeploymentFiles files() {
    return files;
  }

  Path deploymentsDir() {
    return root.resolve("deployments");
  }

  IdSequence ids() {
    return ids;
  }

  Clock clock() {
    return clock;
  }

  private void sweepTempFilesOnce() {
    if (tempFilesSwept) return;
    int n = io("clean up temp files in " + root,
        () -> AtomicFiles.deleteTempFiles(root) + AtomicFiles.deleteTempFiles(root.resolve("deployments")));
    if (n > 0) LOG.warn("deleted {} temp file(s) left by an interrupted write under {}", n, root);
    tempFilesSwept = true;
  }

  /**
   * Reads see the transaction's own saves; writes are collected and reach the files only in {@link #commit()}, as one
   * journal entry, so a transaction that throws leaves nothing behind.
   */
  private final class LockedWriter implements Writer {
    private final java.util.Map<String, Deployment> saved = new java.util.LinkedHashMap<>();
    // Files read in this transaction: nobody else can write them while the lock is held, so save() reuses the read.
    private final java.util.Map<String, DeploymentFiles.Loaded> read = new java.util.HashMap<>();
    private AuditLog.Pending auditLines;

    private DeploymentFiles.Loaded load(String id) {
      DeploymentFiles.Loaded l = read.get(id);
      if (l == null) {
        l = files.load(id);
        read.put(id, l);
      }
      return l;
    }

    @Override
    public String nextId() {
      return io("allocate an id in " + root, ids::next);
    }

    @Override
    public Optional<Deployment> get(String id) {
      Deployment mine = saved.get(id);
      return mine != null ? Optional.of(mine) : load(id).deployment();
    }

    @Override
    public List<DeploymentSummary> active() {
      if (saved.isEmpty()) return index.active();
      List<DeploymentSummary> out = new java.util.ArrayList<>();
      for (Deployment d : saved.values()) if (!d.state().isTerminal()) out.add(DeploymentSummary.of(d));
      for (DeploymentSummary s : index.active()) if (!saved.containsKey(s.id())) out.add(s);
      return out;
    }

    @Override
    public Deployment save(Deployment d) {
      d = Scrub.deployment(d);
      long stored = get(d.id()).map(Deployment::revision).orElse(0L);
      if (d.revision() != stored) throw new StaleDeploymentException(d.id(), d.revision(), stored);
      Deployment next = d.withRevision(stored + 1);
      saved.put(d.id(), next);
      return next;
    }

    @Override
    public AuditEntry audit(AuditRecord r) {
      return io("append to the audit trail in " + root, () -> {
        if (auditLines == null) auditLines = audit.begin();
        return auditLines.add(r);
      });
    }

    /** Journal first (forced), then the files, then the applied-marker; a checkpoint when the journal is full. */
    void commit() {
      if (saved.isEmpty() && (auditLines == null || auditLines.lines().isEmpty())) return;
      io("save " + String.join(", ", saved.keySet()) + " in " + root, () -> {
        List<byte[]> docs = new java.util.ArrayList<>(saved.size());
        for (Deployment d : saved.values()) docs.add(Json.MAPPER.writeValueAsBytes(d));
        journal.commit(new Journal.Entry(List.copyOf(saved.keySet()), docs,
            auditLines == null ? List.of() : auditLines.lines()));
        int i = 0;
        for (Deployment d : saved.values()) {
          // save() read the file before the first save of d, so the read says whether its main copy was good.
          files.write(d.id(), docs.get(i++), read.get(d.id()).mainIsGood());
          index.append(DeploymentSummary.of(d), false);
        }
        if (auditLines != null) audit.append(auditLines, false);
        journal.markApplied();
        if (journal.size() >= journalCheckpointBytes) checkpoint(journal.entries());
        return null;
      });
    }
  }

  @FunctionalInterface
  private interface IoAction<T> {
    T run() throws IOException;
  }

  private <T> T io(String what, IoAction<T> action) {
    try {
      return action.run();
    } catch (IOException | UncheckedIOException e) {
      throw StoreFailures.failure("cannot " + what, root, e);
    }
  }
}
