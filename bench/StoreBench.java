import dev.deploypipeline.app.App;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.engine.Transitions;
import dev.deploypipeline.store.AuditRecord;
import dev.deploypipeline.store.DeploymentStore;
import dev.deploypipeline.store.HistoryQuery;
import dev.deploypipeline.store.StoreGenerator;
import dev.deploypipeline.store.pg.PgImport;
import dev.deploypipeline.store.pg.PgSettings;
import dev.deploypipeline.store.pg.PostgresDeploymentStore;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Sleeper;
import dev.deploypipeline.workflow.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The PostgreSQL store's benchmark (bench/store.sh): (1) transitions per second through the engine's one write
 * (read, save, audit line in one transaction under the advisory lock), one writer, then 4 writers on two store
 * instances; (2) COPY of 1,000,000 synthetic deployments; (3) deploy_history's service call
 * (DeploymentService.history: the history query plus DORA's keys) p50/p95 at that size, built by App.service from
 * DEPLOY_PIPELINE_STORE_URL as a server is, plus filtered queries. Prints a table with the goals.
 * usage: java -cp JAR:mcp-server/target/test-classes bench/StoreBench.java [deployments] (env DP_TEST_PG_URL, _USER)
 */
public class StoreBench {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    String url = System.getenv("DP_TEST_PG_URL");
    if (url == null) throw new IllegalStateException("DP_TEST_PG_URL is not set: run bench/store.sh");
    String user = System.getenv("DP_TEST_PG_USER");
    PgSettings s = new PgSettings(url, user, null, "bench_" + UUID.randomUUID().toString().substring(0, 8));
    Path project = Files.createTempDirectory("store-bench");
    List<String[]> rows = new ArrayList<>();
    try (PostgresDeploymentStore a = PostgresDeploymentStore.open(s, project, Clock.systemUTC());
        PostgresDeploymentStore b = PostgresDeploymentStore.open(s, project, Clock.systemUTC())) {
      transitions(a, b, rows);

      long t0 = System.nanoTime();
      PgImport.copy(a, StoreGenerator.synthetics(count, T0, 42), List.of(), 0, true);
      double copyS = (System.nanoTime() - t0) / 1e9;
      rows.add(new String[] {"COPY " + count + " deployments (s, with ANALYZE)", f(copyS, 1), "", ""});
      System.err.printf("copied %d deployments in %.1f s%n", count, copyS);

      Map<String, String> env = new LinkedHashMap<>(System.getenv());
      env.put(PgSettings.URL_VAR, url);
      if (user != null) env.put(PgSettings.USER_VAR, user);
      env.put(PgSettings.SCHEMA_VAR, s.schema());
      // As generated, the deployments end before the present, so DORA's default window (the last 30 days) is empty,
      // as in the file store's figure (docs/performance.md); then with the clock just after the last deployment,
      // so that the window holds 43,200 deployments and DORA reads its cap of 20,000 summaries.
      Clock past = Clock.fixed(T0.plus(Duration.ofMinutes(count)).plus(Duration.ofDays(60)), ZoneOffset.UTC);
      Clock atEnd = Clock.fixed(T0.plus(Duration.ofMinutes(count)), ZoneOffset.UTC);
      DeploymentService quiet = App.service(project, env, past, Sleeper.REAL, List.of());
      DeploymentService busy = App.service(project, env, atEnd, Sleeper.REAL, List.of());
      double p50 = time(rows, "deploy_history {} @" + count + ", DORA window empty (ms)", 500,
          () -> quiet.history(HistoryQuery.all(20)), 50.0);
      time(rows, "  same, DORA window holding the last 30 days (ms)", 3,
          () -> busy.history(HistoryQuery.all(20)), null);
      time(rows, "history(service=ledger, env=prod, limit 20) (ms)", 500,
          () -> a.history(new HistoryQuery("ledger", "prod", null, null, 20)), null);
      time(rows, "history(state=rolled-back, limit 20) (ms)", 500,
          () -> a.history(new HistoryQuery(null, null, State.ROLLED_BACK, null, 20)), null);
      time(rows, "active() (ms)", 500, a::active, null);
      System.err.printf("deploy_history p50 %.2f ms%n", p50);
    } finally {
      if (!"true".equals(System.getenv("BENCH_KEEP"))) {
        try (var c = DriverManager.getConnection(url, user, null)) {
          c.createStatement().execute("DROP SCHEMA " + s.schema() + " CASCADE");
        }
      }
    }
    System.out.println("| measure | value | goal | met |");
    System.out.println("|---|---|---|---|");
    for (String[] r : rows) System.out.println("| " + String.join(" | ", r) + " |");
  }

  /** The engine's write: Transitions.update (read, save, one audit line), each a transaction of its own. */
  static void transitions(PostgresDeploymentStore a, PostgresDeploymentStore b, List<String[]> rows)
      throws Exception {
    List<String> ids = a.write(w -> {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        out.add(w.save(Deployment.create(w.nextId(), "svc" + i, "main", "c", "1", "bench", T0)
            .withState(State.BUILDING, T0)).id());
      }
      return out;
    });
    Transitions ta = new Transitions(a, Clock.systemUTC(), List.of());
    Transitions tb = new Transitions(b, Clock.systemUTC(), List.of());
    for (int i = 0; i < 300; i++) step(ta, ids.get(i % 8), i); // warm-up: JIT, pool, plans
    int n = 2000;
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) step(ta, ids.get(i % 8), i);
    double one = n / ((System.nanoTime() - t0) / 1e9);
    rows.add(new String[] {"transitions/s, 1 writer", f(one, 0), "", ""});

    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    t0 = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int th = t;
      Transitions tx = t % 2 == 0 ? ta : tb;
      done.add(pool.submit(() -> {
        for (int i = 0; i < n / threads; i++) step(tx, ids.get(th * 2 + i % 2), i);
        return null;
      }));
    }
    for (Future<?> f : done) f.get();
    double four = n / ((System.nanoTime() - t0) / 1e9);
    pool.shutdown();
    rows.add(new String[] {"transitions/s, 4 writers on 2 store instances", f(four, 0), "", ""});
    if (!a.verifyAudit().intact()) throw new IllegalStateException("audit chain broken after the transitions");
    System.err.printf("transitions/s: %.0f (1 writer), %.0f (4 writers)%n", one, four);
  }

  static void step(Transitions tx, String id, int i) {
    tx.update(id, d -> d.withError("attempt " + i, Instant.now()), new AuditRecord(null, id, "bench", "STEP",
        null, null, i, Map.of("i", i)));
  }

  static double time(List<String[]> rows, String name, int runs, Supplier<?> call, Double goal) {
    for (int i = 0; i < Math.min(100, runs); i++) call.get();
    long[] ns = new long[runs];
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      call.get();
      ns[i] = System.nanoTime() - t;
    }
    Arrays.sort(ns);
    double p50 = ns[runs / 2] / 1e6;
    double p95 = ns[runs * 95 / 100] / 1e6;
    rows.add(new String[] {name.replace("(ms)", "p50 / p95 (ms)"), f(p50, 2) + " / " + f(p95, 2),
        goal == null ? "" : "p50 ≤ " + f(goal, 0) + " ms", goal == null ? "" : p50 <= goal ? "yes" : "NO"});
    return p50;
  }

  static String f(double v, int digits) {
    return String.format("%." + digits + "f", v);
  }
}
