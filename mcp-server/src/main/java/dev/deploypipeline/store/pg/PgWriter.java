package dev.deploypipeline.store.pg;

import dev.deploypipeline.store.AuditEntry;
import dev.deploypipeline.store.AuditRecord;
import dev.deploypipeline.store.DeploymentStore;
import dev.deploypipeline.store.StaleDeploymentException;
import dev.deploypipeline.store.StoreRules;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.DeploymentSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One write transaction: a connection that holds the store's advisory lock, so its reads are the latest state and
 * nobody else writes until it commits. Saves and audit lines go to the database at once (later reads in the
 * transaction see them) and become visible to others, all together, at commit.
 */
final class PgWriter implements DeploymentStore.Writer {
  private final PgDatabase db;
  private final Connection c;
  private final Clock clock;
  // What this transaction read or wrote: save() checks the revision without reading the row again.
  private final Map<String, Optional<Deployment>> seen = new HashMap<>();
  private String auditHash;
  private long auditSeq = -1;

  PgWriter(PgDatabase db, Connection c, Clock clock) {
    this.db = db;
    this.c = c;
    this.clock = clock;
  }

  Connection connection() {
    return c;
  }

  @Override
  public String nextId() {
    return sql("allocate an id", () -> {
      try (PreparedStatement p = c.prepareStatement("UPDATE id_sequence SET last = last + 1 RETURNING last");
          ResultSet rs = p.executeQuery()) {
        rs.next();
        return "d-" + rs.getLong(1);
      }
    });
  }

  @Override
  public Optional<Deployment> get(String id) {
    Optional<Deployment> d = seen.get(id);
    if (d == null) {
      d = sql("read deployment " + id, () -> PgRows.find(c, id));
      seen.put(id, d);
    }
    return d;
  }

  @Override
  public List<DeploymentSummary> active() {
    return sql("list active deployments", () -> PgRows.active(c));
  }

  @Override
  public Deployment save(Deployment d) {
    Deployment scrubbed = StoreRules.scrub(d);
    long stored = get(scrubbed.id()).map(Deployment::revision).orElse(0L);
    if (scrubbed.revision() != stored) throw new StaleDeploymentException(d.id(), d.revision(), stored);
    Deployment next = scrubbed.withRevision(stored + 1);
    sql("save deployment " + d.id(), () -> {
      try (PreparedStatement p = c.prepareStatement(PgRows.UPSERT)) {
        PgRows.bindUpsert(c, p, next);
        return p.executeUpdate();
      }
    });
    seen.put(next.id(), Optional.of(next));
    return next;
  }

  @Override
  public AuditEntry audit(AuditRecord r) {
    return sql("append to the audit trail", () -> {
      if (auditSeq < 0) readAuditTail();
      StoreRules.Line line = StoreRules.nextLine(auditHash, auditSeq, r, clock);
      try (PreparedStatement p = c.prepareStatement(PgRows.INSERT_AUDIT)) {
        PgRows.insertAudit(p, line.entry(), line.canonical());
        p.executeUpdate();
      }
      auditHash = line.entry().hash();
      auditSeq = line.entry().seq();
      return line.entry();
    });
  }

  private void readAuditTail() throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
        ResultSet rs = p.executeQuery()) {
      if (rs.next()) {
        auditSeq = rs.getLong(1);
        auditHash = rs.getString(2);
      } else {
        auditSeq = 0;
        auditHash = StoreRules.GENESIS;
      }
    }
  }

  @FunctionalInterface
  interface SqlAction<T> {
    T run() throws SQLException;
  }

  <T> T sql(String what, SqlAction<T> action) {
    try {
      return action.run();
    } catch (SQLException e) {
      throw db.failure(what, e);
    }
  }
}
