package dev.deploypipeline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.store.pg.PgSettings;
import dev.deploypipeline.store.pg.PostgresDeploymentStore;
import dev.deploypipeline.testutil.RealPostgres;
import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.DeploymentSummary;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What only the PostgreSQL store has: other processes, the database's own tampering, connection errors, schema. */
class PostgresDeploymentStoreTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static RealPostgres pg;
  static PgSettings settings;
  @TempDir Path logs;
  final TestClock clock = new TestClock(T0);
  PostgresDeploymentStore store;

  @BeforeAll
  static void schema() {
    pg = RealPostgres.require();
    settings = pg.freshSchema("pgstore");
  }

  @AfterAll
  static void dropSchema() {
    if (settings != null) pg.dropSchema(settings.schema());
  }

  @BeforeEach
  void open() {
    store = PostgresDeploymentStore.open(settings, logs, clock);
    pg.emptyStore(settings);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  @Timeout(120)
  void twoProcessesDoNotLoseUpdates() throws Exception {
    StoreConcurrencyTest.twoProcessesIncrement(store,
        settings.url() + "#" + settings.schema() + "#" + (settings.user() == null ? "" : settings.user()), 150);
  }

  @Test
  @Timeout(60)
  void readsInsideAWriteUseItsTransactionSoAFullPoolCannotDeadlock() throws Exception {
    Deployment d = store.write(w -> {
      Deployment x = w.save(Deployment.create(w.nextId(), "payments", "main", "c", "1", "me", clock.instant()));
      assertThat(store.find(x.id())).as("the write's own save, uncommitted").contains(x);
      assertThat(store.history(HistoryQuery.all(10))).extracting(DeploymentSummary::id).containsExactly(x.id());
      return x;
    });
    // More writers than pooled connections, each reading inside its write (as a stage's start reads the history):
    // a read that took a second connection would wait for one while every connection waits for the lock.
    int writers = 24;
    var pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
    try {
      List<java.util.concurrent.Future<Long>> done = new java.util.ArrayList<>();
      for (int i = 0; i < writers; i++) {
        done.add(pool.submit(() -> store.write(w -> {
          Deployment cur = store.find(d.id()).orElseThrow();
          store.history(HistoryQuery.all(5));
          return w.save(cur).revision();
        })));
      }
      for (var f : done) f.get();
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.find(d.id()).orElseThrow().revision()).isEqualTo(d.revision() + writers);
  }

  void fill() {
    for (int i = 1; i <= 4; i++) {
      int n = i;
      store.write(w -> {
        Deployment d = w.save(Deployment.create(w.nextId(), "payments", "main", "c", "1", "me", clock.instant()));
        w.audit(new AuditRecord(null, d.id(), "alice", "CREATED", null, "pending", n, Map.of("n", n)));
        return d;
      });
      clock.advance(Duration.ofSeconds(1));
    }
  }

  @Test
  void aLineEditedInTheDatabaseIsReportedByNumber() {
    fill();
    pg.execute("UPDATE " + settings.schema() + ".audit SET line = replace(line, '\"alice\"', '\"mallory\"') "
        + "WHERE seq = 3");
    AuditVerification v = store.verifyAudit();
    assertThat(v.intact()).isFalse();
    assertThat(v.problem().orElseThrow()).startsWith("line 3 (seq 3): content does not match its hash");
  }

  @Test
  void aLineDeletedFromTheDatabaseIsReportedWhereTheChainBreaks() {
    fill();
    pg.execute("DELETE FROM " + settings.schema() + ".audit WHERE seq = 2");
    assertThat(store.verifyAudit().problem().orElseThrow())
        .startsWith("line 2 (seq 3): prevHash does not match the hash of the line before it");
  }

  /** The same transactions write byte-identical audit lines in both stores, so a trail can move between them. */
  @Test
  void auditLinesAreTheFileStoresByteForByte(@TempDir Path dir) throws Exception {
    FileDeploymentStore files = new FileDeploymentStore(dir, clock);
    for (DeploymentStore s : List.of(store, files)) {
      s.write(w -> w.audit(new AuditRecord(T0, "d-1", "alice", "APPROVED", "awaiting-approval", "deploying-prod", 2,
          Map.of("zeta", 1, "alpha", Map.of("y", 1.5, "b", "x")))));
    }
    assertThat(store.audit(null)).isEqualTo(files.audit(null));
  }

  @Test
  void aSecondOpenAppliesNoMigrationAgain() {
    try (PostgresDeploymentStore again = PostgresDeploymentStore.open(settings, logs, clock)) {
      assertThat(again.history(dev.deploypipeline.store.HistoryQuery.all(1))).isEmpty();
    }
    try (var c = java.sql.DriverManager.getConnection(settings.url(), settings.user(), settings.password());
        var rs = c.createStatement().executeQuery("SELECT version, name FROM " + settings.schema()
            + ".schema_migrations")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(1);
      assertThat(rs.getString(2)).isEqualTo("V1__store.sql");
      assertThat(rs.next()).isFalse();
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aRejectedLoginIsAClearErrorNamingTheVariablesAndNotThePassword() {
    // The test cluster trusts loopback, so any password passes: an unknown role is the login it rejects.
    PgSettings wrongUser = new PgSettings(settings.url(), "no_such_role", "s3cret-value", settings.schema());
    assertThatThrownBy(() -> PostgresDeploymentStore.open(wrongUser, logs, clock)).isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot connect to the PostgreSQL store")
        .hasMessageContaining("no_such_role")
        .hasMessageContaining(PgSettings.USER_VAR).hasMessageContaining(PgSettings.PASSWORD_VAR)
        .hasMessageNotContaining("s3cret-value");
  }

  @Test
  void nothingListeningIsAClearErrorNamingTheUrlVariable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    PgSettings nowhere = new PgSettings("jdbc:postgresql://127.0.0.1:" + port + "/deploy?connectTimeout=2", "x", null,
        "s");
    assertThatThrownBy(() -> PostgresDeploymentStore.open(nowhere, logs, clock)).isInstanceOf(StoreException.class)
        .hasMessageContaining("jdbc:postgresql://127.0.0.1:" + port + "/deploy (schema s)")
        .hasMessageContaining("check that PostgreSQL is running and that " + PgSettings.URL_VAR);
  }

  @Test
  void badSettingsAreRefusedBeforeConnecting() {
    assertThatThrownBy(() -> new PgSettings("postgres://h/db", null, null, "s"))
        .hasMessageContaining(PgSettings.URL_VAR).hasMessageContaining("jdbc:postgresql://");
    assertThatThrownBy(() -> new PgSettings("jdbc:postgresql://h/db?user=a&password=hunter2", null, null, "s"))
        .hasMessageContaining("holds a password").hasMessageContaining(PgSettings.PASSWORD_VAR)
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> new PgSettings("jdbc:postgresql://h/db", null, null, "Bad-Name"))
        .hasMessageContaining(PgSettings.SCHEMA_VAR).hasMessageContaining("'Bad-Name'");
    assertThat(PgSettings.fromEnvironment(Map.of())).isEmpty();
    assertThat(PgSettings.fromEnvironment(Map.of(PgSettings.URL_VAR, "jdbc:postgresql://h/db")).orElseThrow()
        .schema()).isEqualTo(PgSettings.DEFAULT_SCHEMA);
    assertThat(new PgSettings("jdbc:postgresql://h/db", "u", "pw", "s").toString()).doesNotContain("pw");
  }
}
