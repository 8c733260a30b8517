package dev.deploypipeline.store.pg;

import dev.deploypipeline.store.AuditEntry;
import dev.deploypipeline.store.AuditVerification;
import dev.deploypipeline.store.DeploymentStore;
import dev.deploypipeline.store.HistoryQuery;
import dev.deploypipeline.store.StoreException;
import dev.deploypipeline.store.StoreRules;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.DeploymentSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The team store: deployments and the audit trail in PostgreSQL, so that servers on several hosts share them. It
 * keeps every guarantee of the file store. A {@link #write} is one database transaction that first takes a
 * transaction-scoped advisory lock on the schema ({@code pg_advisory_xact_lock}), the equivalent of the file store's
 * {@code store.lock}: writers of the same schema run one at a time across processes and hosts, so a read-check-write
 * (a lease taken over, a revision checked) cannot lose an update, and audit lines chain without gaps. Reads take no
 * lock and see the last committed state.
 *
 * <p>Stage logs stay files under {@link #root()}, on the host that ran the stage.
 */
public final class PostgresDeploymentStore implements DeploymentStore, AutoCloseable {
  // The transaction a thread is in, per schema: a nested write joins it instead of waiting for its own lock, and a
  // read inside it uses its connection (it sees the transaction's own saves, and needs no second connection).
  private static final ThreadLocal<Map<String, PgWriter>> OPEN = ThreadLocal.withInitial(HashMap::new);

  private final PgDatabase db;
  private final Path root;
  private final Clock clock;
  private final String identity;
  // Writers through this instance queue here, not on the advisory lock: one waiting on the database holds a pooled
  // connection, and readers must still find connections free however many writers wait.
  private final ReentrantLock writers = new ReentrantLock(true);

  private PostgresDeploymentStore(PgDatabase db, Path root, Clock clock) {
    this.db = db;
    this.root = root;
    this.clock = clock;
    this.identity = db.settings.url() + "#" + db.settings.schema();
  }

  /**
   * Connects, creates or upgrades the schema, and returns the store; {@code root} is the local directory for stage
   * logs. Throws {@link StoreException} naming the variable to fix when it cannot connect.
   */
  public static PostgresDeploymentStore open(PgSettings settings, Path root, Clock clock) {
    return new PostgresDeploymentStore(PgDatabase.open(settings), root, clock);
  }

  public PgSettings settings() {
    return db.settings;
  }

  @Override
  public Path root() {
    return root;
  }

  @Override
  public Optional<Deployment> find(String id) {
    return read("read deployment " + id, c -> PgRows.find(c, id));
  }

  @Override
  public Map<String, Deployment> findAll(java.util.Collection<String> ids) {
    if (ids.isEmpty()) return Map.of();
    return read("read " + ids.size() + " deployments", c -> PgRows.findAll(c, ids));
  }

  @Override
  public List<DeploymentSummary> history(HistoryQuery q) {
    if (q.limit() < 1) {
      throw new IllegalArgumentException("history limit must be at least 1 (got " + q.limit() + ")");
    }
    return read("read the history", c -> PgRows.history(c, q));
  }

  @Override
  public List<DeploymentSummary> active() {
    return read("list active deployments", PgRows::active);
  }

  @Override
  public List<AuditEntry> audit(String deploymentId) {
    return read("read the audit trail", c -> PgRows.audit(c, deploymentId));
  }

  /** Walks the whole trail in seq order through a cursor, checking each stored line against its hash. */
  @Override
  public AuditVerification verifyAudit() {
    return readOwn("verify the audit trail", c -> {
      c.setAutoCommit(false); // a cursor (fetch size) needs a transaction
      try (PreparedStatement p = c.prepareStatement("SELECT line FROM audit ORDER BY seq")) {
        p.setFetchSize(2000);
        try (ResultSet rs = p.executeQuery()) {
          return StoreRules.verify(new Iterator<>() {
            Boolean ahead;

            @Override
            public boolean hasNext() {
              try {
                if (ahead == null) ahead = rs.next();
                return ahead;
              } catch (SQLException e) {
                throw db.failure("verify the audit trail", e);
              }
            }

            @Override
            public byte[] next() {
              if (!hasNext()) throw new NoSuchElementException();
              ahead = null;
              try {
                return rs.getString(1).getBytes(StandardCharsets.UTF_8);
              } catch (SQLException e) {
                throw db.failure("verify the audit trail", e);
              }
            }
          });
        }
      } finally {
        c.rollback();
        c.setAutoCommit(true);
      }
    });
  }

  /** The hash of the audit trail's last line ({@link StoreRules#GENESIS} when empty): where the chain ends. */
  public String auditHead() {
    return read("read the audit trail", c -> {
      try (PreparedStatement p = c.prepareStatement("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1");
          ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getString(1) : StoreRules.GENESIS;
      }
    });
  }

  @Override
  public Path logFile(String deploymentId, String stage) {
    Path dir = root.resolve("logs").resolve(StoreRules.checkName("deployment id", deploymentId));
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StoreException("cannot create the log directory " + dir + ": " + e.getMessage(), e);
    }
    return dir.resolve(StoreRules.checkName("stage name", stage) + ".log");
  }

  @Override
  public <T> T write(Transaction<T> tx) {
    Map<String, PgWriter> open = OPEN.get();
    PgWriter outer = open.get(identity);
    if (outer != null) return tx.run(outer);
    writers.lock();
    try {
      return transaction(tx, open);
    } finally {
      writers.unlock();
    }
  }

  private <T> T transaction(Transaction<T> tx, Map<String, PgWriter> open) {
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      try {
        db.lock(c);
        PgWriter w = new PgWriter(db, c, clock);
        open.put(identity, w);
        T result;
        try {
          result = tx.run(w);
        } finally {
          open.remove(identity);
        }
        c.commit();
        return result;
      } catch (RuntimeException | SQLException e) {
        rollbackQuietly(c, e);
        throw e instanceof SQLException q ? db.failure("write", q) : (RuntimeException) e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw db.failure("write", e);
    }
  }

  /** Closes the connection pool. */
  @Override
  public void close() {
    db.close();
  }

  PgDatabase database() {
    return db;
  }

  @FunctionalInterface
  interface Query<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T read(String what, Query<T> q) {
    PgWriter mine = OPEN.get().get(identity);
    if (mine != null) return mine.sql(what, () -> q.run(mine.connection()));
    return readOwn(what, q);
  }

  /** On a connection of its own, even inside a write (a query that changes the connection's transaction state). */
  private <T> T readOwn(String what, Query<T> q) {
    try (Connection c = db.connect()) {
      return q.run(c);
    } catch (SQLException e) {
      throw db.failure(what, e);
    }
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
