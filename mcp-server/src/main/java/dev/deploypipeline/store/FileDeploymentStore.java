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
 * The embedded store (DESIGN.md §3 Persistence): plain files under {@code <project>/.claude/deployments/}.
 *
 * <pre>
 * deployments/&lt;id&gt;.json      current copy, replaced atomically on every save
 * deployments/&lt;id&gt;.json.bak  the copy it replaced (read when the current one is missing or damaged)
 * index.jsonl                 one summary line per save; history and status read only this
 * audit.jsonl                 hash-chained audit trail (see {@link AuditLog})
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
  private volatile boolean tempFilesSwept;

  /** Index lines below which compaction is skipped (about 400 KB of summaries). */
  static final int INDEX_COMPACTION_FLOOR = 1000;

  public FileDeploymentStore(Path root, Clock clock) {
    this(root, clock, INDEX_COMPACTION_FLOOR);
  }

  FileDeploymentStore(Path root, Clock clock, int indexCompactionFloor) {
    this.root = root;
    this.clock = clock;
    this.lock = new StoreLock(root);
    this.files = new DeploymentFiles(deploymentsDir());
    this.index = new SummaryIndex(root.resolve("index.jsonl"), indexCompactionFloor);
    this.audit = new AuditLog(root.resolve("audit.jsonl"), clock);
    this.ids = new IdSequence(root.resolve("seq"), index::maxIdNumber);
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
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StoreException("cannot create the log directory " + dir + ": " + e.getMessage(), e);
    }
    return dir.resolve(DeploymentFiles.checkName("stage name", stage) + ".log");
  }

  @Override
  public <T> T write(Transaction<T> tx) {
    return lock.withLock(() -> {
      sweepTempFilesOnce();
      return tx.run(new LockedWriter());
    });
  }

  /**
   * A save writes the deployment file, then its index line; a kill between the two leaves a new deployment that
   * history, status and recovery (which read the index) cannot see. Such ids lie above the highest indexed one and
   * at most at the id sequence, so only those files are read.
   */
  @Override
  public List<String> repairAfterCrash() {
    return write(w -> io("repair the index tail in " + root, () -> {
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

  private final class LockedWriter implements Writer {
    @Override
    public String nextId() {
      return io("allocate an id in " + root, ids::next);
    }

    @Override
    public Optional<Deployment> get(String id) {
      return files.find(id);
    }

    @Override
    public List<DeploymentSummary> active() {
      return index.active();
    }

    @Override
    public Deployment save(Deployment d) {
      DeploymentFiles.Loaded current = files.load(d.id());
      long stored = current.deployment().map(Deployment::revision).orElse(0L);
      if (d.revision() != stored) throw new StaleDeploymentException(d.id(), d.revision(), stored);
      Deployment next = d.withRevision(stored + 1);
      io("save deployment " + d.id() + " in " + root, () -> {
        files.write(next, current.mainIsGood());
        index.append(DeploymentSummary.of(next));
        return null;
      });
      return next;
    }

    @Override
    public AuditEntry audit(AuditRecord r) {
      return io("append to the audit trail in " + root, () -> audit.append(r));
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
