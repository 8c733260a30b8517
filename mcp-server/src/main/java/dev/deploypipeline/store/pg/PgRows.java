package dev.deploypipeline.store.pg;

import dev.deploypipeline.store.AuditEntry;
import dev.deploypipeline.store.HistoryQuery;
import dev.deploypipeline.store.Json;
import dev.deploypipeline.store.StoreRules;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.DeploymentSummary;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;

/**
 * The store's SQL, on a connection the caller owns: a reader's own or a transaction's (which then sees its own
 * writes). History and active read only the summary column, through the indexes of {@code V1__store.sql}.
 */
final class PgRows {
  private PgRows() {}

  static Optional<Deployment> find(Connection c, String id) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT doc FROM deployments WHERE id = ?")) {
      p.setString(1, StoreRules.checkName("deployment id", id));
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? Optional.of(Json.MAPPER.readValue(rs.getString(1), Deployment.class)) : Optional.empty();
      }
    }
  }

  static Map<String, Deployment> findAll(Connection c, Collection<String> ids) throws SQLException {
    Map<String, Deployment> out = new LinkedHashMap<>();
    try (PreparedStatement p = c.prepareStatement("SELECT doc FROM deployments WHERE id = ANY (?)")) {
      p.setArray(1, c.createArrayOf("text", ids.toArray()));
      p.setFetchSize(1000);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          Deployment d = Json.MAPPER.readValue(rs.getString(1), Deployment.class);
          out.put(d.id(), d);
        }
      }
    }
    return out;
  }

  /** Newest first (by id number, i.e. creation order); each filter only when set, so the planner picks its index. */
  static List<DeploymentSummary> history(Connection c, HistoryQuery q) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT summary FROM deployments WHERE num > 0");
    List<Object> args = new ArrayList<>();
    if (q.service() != null) {
      sql.append(" AND service = ?");
      args.add(q.service());
    }
    if (q.state() != null) {
      sql.append(" AND state = ?");
      args.add(q.state().id());
    }
    if (q.since() != null) {
      sql.append(" AND created_at >= ?");
      args.add(Timestamp.from(q.since()));
    }
    if (q.environment() != null) {
      sql.append(" AND ? = ANY (environments)");
      args.add(q.environment());
    }
    sql.append(" ORDER BY num DESC LIMIT ?");
    args.add(q.limit());
    try (PreparedStatement p = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) p.setObject(i + 1, args.get(i));
      return summaries(p);
    }
  }

  static List<DeploymentSummary> active(Connection c) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(
        "SELECT summary FROM deployments WHERE active AND num > 0 ORDER BY num DESC")) {
      return summaries(p);
    }
  }

  private static List<DeploymentSummary> summaries(PreparedStatement p) throws SQLException {
    List<DeploymentSummary> out = new ArrayList<>();
    try (ResultSet rs = p.executeQuery()) {
      while (rs.next()) out.add(Json.MAPPER.readValue(rs.getString(1), DeploymentSummary.class));
    }
    return out;
  }

  static final String UPSERT = "INSERT INTO deployments (id, num, service, state, active, created_at, environments, "
      + "revision, doc, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
      + "service = EXCLUDED.service, state = EXCLUDED.state, active = EXCLUDED.active, created_at = "
      + "EXCLUDED.created_at, environments = EXCLUDED.environments, revision = EXCLUDED.revision, doc = EXCLUDED.doc, "
      + "summary = EXCLUDED.summary";

  /** The columns of a deployment's row. */
  record Row(String id, long num, String service, String state, boolean active, Instant createdAt,
      List<String> environments, long revision, String doc, String summary) {}

  /** The row of {@code d} (already scrubbed, with its new revision). */
  static Row row(Deployment d) {
    DeploymentSummary s = DeploymentSummary.of(d);
    return new Row(d.id(), StoreRules.idNumber(d.id()), d.service() == null ? "" : d.service(), d.state().id(),
        s.isActive(), d.createdAt(), s.environments(), d.revision(), Json.MAPPER.writeValueAsString(d),
        Json.MAPPER.writeValueAsString(s));
  }

  /** Sets the parameters of {@link #UPSERT} for {@code d}. */
  static void bindUpsert(Connection c, PreparedStatement p, Deployment d) throws SQLException {
    Row r = row(d);
    p.setString(1, r.id());
    p.setLong(2, r.num());
    p.setString(3, r.service());
    p.setString(4, r.state());
    p.setBoolean(5, r.active());
    p.setTimestamp(6, r.createdAt() == null ? null : Timestamp.from(r.createdAt()));
    p.setArray(7, c.createArrayOf("text", r.environments().toArray()));
    p.setLong(8, r.revision());
    p.setString(9, r.doc());
    p.setString(10, r.summary());
  }

  static List<AuditEntry> audit(Connection c, String deploymentId) throws SQLException {
    String sql = deploymentId == null ? "SELECT line FROM audit ORDER BY seq"
        : "SELECT line FROM audit WHERE deployment_id = ? ORDER BY seq";
    try (PreparedStatement p = c.prepareStatement(sql)) {
      if (deploymentId != null) p.setString(1, deploymentId);
      p.setFetchSize(1000);
      List<AuditEntry> out = new ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) out.add(StoreRules.parseLine(rs.getString(1).getBytes(StandardCharsets.UTF_8)));
      }
      return out;
    }
  }

  static void insertAudit(PreparedStatement p, AuditEntry e, byte[] line) throws SQLException {
    p.setLong(1, e.seq());
    p.setString(2, e.deploymentId());
    p.setString(3, e.hash());
    p.setString(4, new String(line, StandardCharsets.UTF_8));
  }

  static final String INSERT_AUDIT = "INSERT INTO audit (seq, deployment_id, hash, line) VALUES (?, ?, ?, ?)";
}
