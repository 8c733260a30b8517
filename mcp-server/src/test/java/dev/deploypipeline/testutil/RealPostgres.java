package dev.deploypipeline.testutil;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.deploypipeline.store.pg.PgSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The real PostgreSQL 15 that {@code scripts/postgres.sh start} runs (scripts/test.sh starts it around mvn verify):
 * found through DP_TEST_PG_URL/DP_TEST_PG_USER/DP_TEST_PG_PASSWORD, or the env file the script writes. Missing, a test
 * fails under {@code CI=true} and is skipped elsewhere, saying how to start it. Each test class takes a schema of its
 * own ({@link #freshSchema}) so that classes never see each other's rows.
 */
public record RealPostgres(String url, String user, String password) {

  public static RealPostgres require() {
    Map<String, String> vars = RunEnv.read(".cache/postgres-run/postgres.env");
    String url = System.getenv().getOrDefault("DP_TEST_PG_URL", vars.get("DP_TEST_PG_URL"));
    String user = System.getenv().getOrDefault("DP_TEST_PG_USER", vars.get("DP_TEST_PG_USER"));
    String password = System.getenv().getOrDefault("DP_TEST_PG_PASSWORD", vars.get("DP_TEST_PG_PASSWORD"));
    RealPostgres pg = new RealPostgres(url, user, password == null || password.isEmpty() ? null : password);
    String why = url == null ? "no PostgreSQL is running" : pg.problem();
    if (why != null) {
      String msg = why + ": run `bash scripts/postgres.sh start` (needs PostgreSQL 15) to run this test";
      if ("true".equals(System.getenv("CI"))) fail(msg + " (CI=true: scripts/test.sh must start it)");
      assumeTrue(false, "skipped: " + msg);
    }
    return pg;
  }

  /** A new, unused schema name for one test class (created by the store on open). */
  public PgSettings freshSchema(String prefix) {
    return new PgSettings(url, user, password, prefix + "_" + UUID.randomUUID().toString().substring(0, 8));
  }

  /** The environment a server or CLI would be given to use {@code s}. */
  public static Map<String, String> environment(PgSettings s) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(PgSettings.URL_VAR, s.url());
    if (s.user() != null) env.put(PgSettings.USER_VAR, s.user());
    if (s.password() != null) env.put(PgSettings.PASSWORD_VAR, s.password());
    env.put(PgSettings.SCHEMA_VAR, s.schema());
    return env;
  }

  public void execute(String sql) {
    try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** Empties the store tables of {@code s} (its schema exists once a store has opened it). */
  public void emptyStore(PgSettings s) {
    String x = s.schema();
    execute("TRUNCATE " + x + ".deployments, " + x + ".audit; UPDATE " + x + ".id_sequence SET last = 0");
  }

  public void dropSchema(String schema) {
    execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  private String problem() {
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      return null;
    } catch (SQLException e) {
      return "PostgreSQL at " + url + " does not answer (" + e.getMessage() + ")";
    }
  }
}
