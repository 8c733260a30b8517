package dev.deploypipeline.store.pg;

import dev.deploypipeline.store.StoreException;
import dev.deploypipeline.workflow.Deployment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Fills a PostgreSQL store with deployments and audit lines taken as they are (a file store's, or generated ones) in
 * one transaction under the store's write lock, by COPY; then refreshes the planner's statistics so the history
 * queries use their indexes at once.
 */
public final class PgImport {
  private PgImport() {}

  /** What was copied; the target held {@code replaced} rows before (only with replace). */
  public record Result(long deployments, long auditLines, long replaced) {}

  /**
   * Copies into {@code target}. A target that already holds deployments or audit lines is refused unless
   * {@code replace}, which empties it first. {@code lastIssuedId} is the highest id number handed out at the source:
   * new ids continue after it.
   */
  public static Result copy(PostgresDeploymentStore target, Iterable<Deployment> deployments,
      Iterable<byte[]> auditLines, long lastIssuedId, boolean replace) {
    PgDatabase db = target.database();
    Result r;
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      try {
        db.lock(c);
        long existing = count(c);
        if (existing > 0 && !replace) {
          throw new StoreException("the PostgreSQL store " + db.settings.where() + " is not empty (" + existing
              + " deployment(s) and audit line(s))", "copy into an empty schema, or pass --force to replace what it "
              + "holds", null);
        }
        try (Statement st = c.createStatement()) {
          if (existing > 0) st.execute("TRUNCATE deployments, audit");
        }
        long n = PgBulkLoad.deployments(c, deployments);
        long lines = PgBulkLoad.auditLines(c, auditLines);
        try (PreparedStatement p = c.prepareStatement(
            "UPDATE id_sequence SET last = greatest(?, (SELECT coalesce(max(num), 0) FROM deployments))")) {
          p.setLong(1, lastIssuedId);
          p.executeUpdate();
        }
        c.commit();
        r = new Result(n, lines, existing);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
      c.setAutoCommit(true);
      try (Statement st = c.createStatement()) {
        st.execute("ANALYZE deployments");
        st.execute("ANALYZE audit");
      }
    } catch (SQLException e) {
      throw db.failure("copy deployments in", e);
    }
    return r;
  }

  private static long count(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM deployments) + (SELECT count(*) FROM audit)")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
