package dev.deploypipeline.store;

import dev.deploypipeline.workflow.Deployment;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Second-process half of {@link StoreConcurrencyTest} and {@link PostgresDeploymentStoreTest}: increments a counter (the deployment's {@code version})
 * in read-modify-write transactions, each with one audit line. Prints {@code ready}, waits for a line on stdin so
 * both processes start together, prints {@code done}.
 */
public final class CounterWorker {
  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[1]);
    String id = args[2];
    String actor = args[3];
    Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    DeploymentStore store = open(args[0], clock);
    System.out.println("ready");
    System.out.flush();
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    for (int i = 0; i < n; i++) increment(store, id, actor);
    System.out.println("done");
    System.out.flush();
  }

  /** A directory (the file store), or {@code <jdbc url>#<schema>#<user>} (the PostgreSQL store). */
  static DeploymentStore open(String where, Clock clock) {
    if (!where.startsWith("jdbc:")) return new FileDeploymentStore(Path.of(where), clock);
    String[] p = where.split("#", -1);
    return dev.deploypipeline.store.pg.PostgresDeploymentStore.open(
        new dev.deploypipeline.store.pg.PgSettings(p[0], p[2].isEmpty() ? null : p[2], null, p[1]),
        Path.of(System.getProperty("java.io.tmpdir")), clock);
  }

  static Deployment increment(DeploymentStore store, String id, String actor) {
    return store.write(w -> {
      Deployment d = w.get(id).orElseThrow();
      int next = Integer.parseInt(d.version()) + 1;
      Deployment saved = w.save(new Deployment(d.schemaVersion(), d.id(), d.service(), d.branch(), d.commit(),
          String.valueOf(next), d.state(), d.startedBy(), d.createdAt(), d.updatedAt(), d.revision(), d.stages(),
          d.releases(), d.approval(), d.error(), d.rollbackReason(), d.lease()));
      w.audit(new AuditRecord(null, id, actor, "INCREMENT", null, null, next, Map.of("value", next)));
      return saved;
    });
  }

  private CounterWorker() {}
}
