package dev.deploypipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.store.AuditRecord;
import dev.deploypipeline.store.FileDeploymentStore;
import dev.deploypipeline.store.pg.PgSettings;
import dev.deploypipeline.testutil.CliProcess;
import dev.deploypipeline.testutil.CliProcess.Run;
import dev.deploypipeline.testutil.RealPostgres;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.State;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code store migrate} and {@code store verify} as a user runs them: the real command in its own process, the
 * database named by the environment, against a real PostgreSQL; then the deploy commands of a process given
 * DEPLOY_PIPELINE_STORE_URL read what was migrated.
 */
class StoreCommandTest {
  static RealPostgres pg;
  static PgSettings settings;
  @TempDir static Path dir;

  @BeforeAll
  static void project() {
    pg = RealPostgres.require();
    settings = pg.freshSchema("cli");
    Clock clock = Clock.fixed(Instant.parse("2026-05-01T09:00:00Z"), ZoneOffset.UTC);
    FileDeploymentStore files = new FileDeploymentStore(dir.resolve(".claude/deployments"), clock);
    for (String service : List.of("payments", "search", "payments")) {
      files.write(w -> {
        Deployment d = w.save(Deployment.create(w.nextId(), service, "main", "abc", "1.0", "alice", clock.instant()));
        w.audit(new AuditRecord(null, d.id(), "alice", "CREATED", null, "pending", null, Map.of("service", service)));
        Deployment done = w.save(d.withState(State.COMPLETED, clock.instant()));
        w.audit(new AuditRecord(null, d.id(), "alice", "COMPLETED", "pending", "completed", null, Map.of()));
        return done;
      });
    }
    files.write(w -> w.nextId()); // an id handed out and never saved: new ids continue after it
  }

  @AfterAll
  static void dropSchema() {
    if (settings != null) pg.dropSchema(settings.schema());
  }

  Run cli(Map<String, String> env, String... args) throws Exception {
    return CliProcess.run(dir, e -> {
      e.keySet().removeIf(k -> k.startsWith("DEPLOY_PIPELINE_STORE_"));
      e.putAll(env);
    }, args);
  }

  @Test
  void migrateCopiesAndVerifiesRefusesANonEmptyTargetAndTheServerThenReadsPostgres() throws Exception {
    Map<String, String> env = RealPostgres.environment(settings);
    Map<String, String> credentials = new java.util.HashMap<>(env);
    credentials.remove(PgSettings.URL_VAR);

    Run first = cli(credentials, "store", "migrate", "--to", settings.url());
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).contains("copied 3 deployment(s) and 6 audit line(s)")
        .contains("verified: the audit chain is intact in PostgreSQL");

    Run again = cli(credentials, "store", "migrate", "--to", settings.url());
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("is not empty").contains("--force");

    Run forced = cli(credentials, "store", "migrate", "--to", settings.url(), "--force", "--json");
    assertThat(forced.exit()).as(forced.err()).isZero();
    assertThat(forced.out()).contains("\"deployments\" : 3").contains("\"replaced\" : 9")
        .contains("\"verified\" : true");

    Run verify = cli(env, "store", "verify");
    assertThat(verify.exit()).as(verify.err()).isZero();
    assertThat(verify.out()).contains("audit trail in PostgreSQL " + settings.where() + ": 6 line(s), intact; last hash ");
    String head = forced.out().replaceAll("(?s).*\"auditHead\" : \"([0-9a-f]{64})\".*", "$1");
    assertThat(verify.out().trim()).endsWith("last hash " + head);

    Run history = cli(env, "deploy", "history", "--json");
    assertThat(history.exit()).as(history.err()).isZero();
    assertThat(history.out()).contains("\"d-3\"").contains("\"d-1\"").contains("payments").contains("search");

    try (var s = dev.deploypipeline.store.pg.PostgresDeploymentStore.open(settings, dir, Clock.systemUTC())) {
      String next = s.write(w -> w.nextId());
      assertThat(next).as("d-4 was handed out by the file store").isEqualTo("d-5");
    }

    pg.execute("UPDATE " + settings.schema() + ".audit SET line = replace(line, 'alice', 'bob') WHERE seq = 4");
    Run broken = cli(env, "store", "verify");
    assertThat(broken.exit()).isEqualTo(1);
    assertThat(broken.out()).contains("BROKEN: line 4 (seq 4): content does not match its hash");
  }

  @Test
  void aBadTargetIsAUsageErrorNamingTheVariable() throws Exception {
    Run r = cli(Map.of(), "store", "migrate", "--to", "postgres://127.0.0.1/deploy");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains(PgSettings.URL_VAR).contains("jdbc:postgresql://");
    Run none = cli(Map.of(), "store", "migrate");
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains("--to is required");
  }
}
