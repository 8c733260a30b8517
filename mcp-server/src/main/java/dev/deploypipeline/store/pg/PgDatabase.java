package dev.deploypipeline.store.pg;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.deploypipeline.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool of one store and its schema. Migrations are plain versioned SQL files
 * ({@code db/postgres/V<n>__*.sql} on the classpath), applied in order, each in one transaction under the store's
 * write lock and recorded in {@code schema_migrations}: the store has one small schema, so a migration tool would
 * add a large dependency to the jar for what fifty lines do.
 */
final class PgDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PgDatabase.class);
  /** In order; a released file never changes, a change is a new file. */
  static final List<String> MIGRATIONS = List.of("V1__store.sql");

  final PgSettings settings;
  final HikariDataSource pool;
  /** The transaction-scoped advisory lock that serializes writers of this schema across processes and hosts. */
  final long lockKey;

  private PgDatabase(PgSettings settings, HikariDataSource pool) {
    this.settings = settings;
    this.pool = pool;
    this.lockKey = lockKey(settings.schema());
  }

  /** Connects (failing at once, with the variable to fix, when it cannot) and brings the schema up to date. */
  static PgDatabase open(PgSettings s) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(s.url());
    if (s.user() != null) c.setUsername(s.user());
    if (s.password() != null) c.setPassword(s.password());
    c.setPoolName("deployment-store");
    c.setSchema(s.schema()); // the search_path of every connection; the schema may not exist until migrate()
    c.setMaximumPoolSize(8);
    c.setMinimumIdle(1);
    c.setConnectionTimeout(10_000);
    c.setInitializationFailTimeout(3_000); // a wrong password or host is reported in seconds, not retried for long
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(c);
    } catch (RuntimeException e) {
      throw connectFailure(s, e);
    }
    PgDatabase db = new PgDatabase(s, pool);
    try {
      db.migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return db;
  }

  static long lockKey(String schema) {
    // A fixed prefix keeps clear of other applications' advisory locks; the schema keeps stores apart.
    return 0x4450_0000_0000_0000L ^ (schema.hashCode() & 0xffff_ffffL);
  }

  Connection connect() throws SQLException {
    return pool.getConnection();
  }

  private void migrate() {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        lock(c);
        st.execute("CREATE SCHEMA IF NOT EXISTS " + settings.schema());
        st.execute("SET LOCAL search_path TO " + settings.schema());
        st.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, name text NOT NULL, "
            + "applied_at timestamptz NOT NULL DEFAULT now())");
        int have = 0;
        try (ResultSet rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM schema_migrations")) {
          if (rs.next()) have = rs.getInt(1);
        }
        if (have > MIGRATIONS.size()) {
          throw new StoreException("the PostgreSQL store " + settings.where() + " is at schema version " + have
              + ", newer than this build knows (" + MIGRATIONS.size() + ")", "run a newer deployment-pipeline", null);
        }
        for (int v = have + 1; v <= MIGRATIONS.size(); v++) {
          String name = MIGRATIONS.get(v - 1);
          st.execute(resource(name));
          try (PreparedStatement p = c.prepareStatement("INSERT INTO schema_migrations (version, name) VALUES (?, ?)")) {
            p.setInt(1, v);
            p.setString(2, name);
            p.executeUpdate();
          }
          LOG.info("PostgreSQL store {}: applied migration {}", settings.where(), name);
        }
      }
      c.commit();
    } catch (SQLException e) {
      throw failure("prepare the schema", e);
    }
  }

  void lock(Connection c) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      p.setLong(1, lockKey);
      p.execute();
    }
  }

  private static String resource(String name) {
    try (InputStream in = PgDatabase.class.getResourceAsStream("/db/postgres/" + name)) {
      if (in == null) throw new IllegalStateException("migration " + name + " is missing from the jar");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read migration " + name, e);
    }
  }

  /** A failed statement: what was tried, where, the server's message and, for a lost connection, what to do. */
  StoreException failure(String what, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String next = state.startsWith("08") || state.startsWith("57P")
        ? "check that PostgreSQL at " + settings.where() + " is running and reachable, then retry" : null;
    return new StoreException("cannot " + what + " in the PostgreSQL store " + settings.where() + ": "
        + e.getMessage(), next, e);
  }

  private static StoreException connectFailure(PgSettings s, RuntimeException e) {
    Throwable root = e;
    while (root.getCause() != null) root = root.getCause();
    String msg = String.valueOf(root.getMessage());
    String state = root instanceof SQLException q && q.getSQLState() != null ? q.getSQLState() : "";
    String lower = msg.toLowerCase(Locale.ROOT);
    String next;
    if (state.equals("28P01") || state.equals("28000") || lower.contains("password")) {
      next = "check " + PgSettings.USER_VAR + " and " + PgSettings.PASSWORD_VAR;
    } else if (state.equals("3D000")) {
      next = "create the database, or fix the database name in " + PgSettings.URL_VAR;
    } else {
      next = "check that PostgreSQL is running and that " + PgSettings.URL_VAR + " names its host and port";
    }
    return new StoreException("cannot connect to the PostgreSQL store " + s.where() + " as "
        + (s.user() == null ? "the default user" : s.user()) + ": " + msg, next, e);
  }

  @Override
  public void close() {
    pool.close();
  }
}
