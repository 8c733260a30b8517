package dev.deploypipeline.store;

import dev.deploypipeline.workflow.Approval;
import dev.deploypipeline.workflow.Attempt;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.DeploymentSummary;
import dev.deploypipeline.workflow.Release;
import dev.deploypipeline.workflow.StageRun;
import dev.deploypipeline.workflow.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Fills a store with synthetic deployments quickly, for benchmarks and scale tests: deployment files are written
 * without fsync and the index in one append, under the store lock. Deterministic for a given seed.
 *
 * <p>{@code java -cp deployment-pipeline.jar:mcp-server/target/test-classes dev.deploypipeline.store.StoreGenerator <storeDir> <count> [--no-files]
 * [--measure]}; {@code --measure} then times {@code history(limit 20)} in a fresh store instance (printed to stderr).
 */
public final class StoreGenerator {
  static final String[] SERVICES = {"payments", "checkout", "search", "auth", "billing", "catalog", "cart", "orders",
      "inventory", "shipping", "notifications", "profile", "reviews", "pricing", "gateway", "ledger", "reports",
      "media", "recommendations", "identity"};
  private static final String[] STAGES = {"validating", "building", "testing", "deploying-dev", "deploying-staging",
      "deploying-prod"};
  private static final State[] ENDS = {State.COMPLETED, State.COMPLETED, State.COMPLETED, State.COMPLETED,
      State.FAILED, State.ROLLED_BACK, State.AWAITING_APPROVAL, State.BUILDING};

  private static final int BATCH = 50_000;
  private static final int ACTIVE_TAIL = 20;

  private StoreGenerator() {}

  /**
   * Appends {@code count} deployments with ids following the store's sequence, created one minute apart from
   * {@code firstCreatedAt}. Returns their ids, oldest first.
   */
  public static List<String> generate(FileDeploymentStore store, int count, Instant firstCreatedAt, long seed,
      boolean writeDeploymentFiles) {
    return store.write(w -> {
      try {
        Random rnd = new Random(seed);
        long first = Long.parseLong(w.nextId().substring(2));
        List<String> ids = new ArrayList<>(count);
        List<DeploymentSummary> summaries = new ArrayList<>(count);
        if (writeDeploymentFiles) Files.createDirectories(store.deploymentsDir());
        for (int i = 0; i < count; i++) {
          // Like a real store: only the last few may still be running (the pipeline never runs two of a service).
          Deployment d = synthetic("d-" + (first + i), firstCreatedAt.plus(Duration.ofMinutes(i)), rnd,
              i >= count - ACTIVE_TAIL);
          if (writeDeploymentFiles) store.files().writeUnsynced(d);
          ids.add(d.id());
          summaries.add(DeploymentSummary.of(d));
        }
        store.index().appendUnsynced(summaries);
        store.ids().set(first + Math.max(0, count - 1));
        return ids;
      } catch (IOException e) {
        throw new StoreException("cannot generate deployments in " + store.root() + ": " + e.getMessage(), e);
      }
    });
  }

  /**
   * {@code count} synthetic deployments d-1.. created one minute apart from {@code firstCreatedAt}, made as they are
   * iterated (a million never sit in memory): for loading another store, e.g. PostgreSQL by COPY in bench/StoreBench.
   */
  public static Iterable<Deployment> synthetics(int count, Instant firstCreatedAt, long seed) {
    return () -> new java.util.Iterator<>() {
      final Random rnd = new Random(seed);
      int i;

      @Override
      public boolean hasNext() {
        return i < count;
      }

      @Override
      public Deployment next() {
        if (i >= count) throw new java.util.NoSuchElementException();
        Deployment d = synthetic("d-" + (i + 1), firstCreatedAt.plus(Duration.ofMinutes(i)), rnd, i >= count - ACTIVE_TAIL);
        i++;
        return d;
      }
    };
  }

  static Deployment synthetic(String id, Instant created, Random rnd, boolean mayBeActive) {
    String service = SERVICES[rnd.nextInt(SERVICES.length)];
    State end = ENDS[rnd.nextInt(ENDS.length)];
    if (!mayBeActive && !end.isTerminal()) end = State.COMPLETED;
    int reached = end.equals(State.BUILDING) ? 1 : end.equals(State.AWAITING_APPROVAL) ? 5
        : end.equals(State.FAILED) ? 1 + rnd.nextInt(5) : 6;
    Instant t = created;
    List<StageRun> stages = new ArrayList<>();
    List<Release> releases = new ArrayList<>();
    for (int s = 0; s < reached; s++) {
      Instant start = t;
      int attempts = rnd.nextInt(10) == 0 ? 2 : 1;
      List<Attempt> as = new ArrayList<>();
      for (int a = 1; a <= attempts; a++) {
        Instant as0 = t;
        t = t.plusMillis(2_000 + rnd.nextInt(60_000));
        as.add(new Attempt(a, as0, t, a == attempts ? Attempt.SUCCEEDED : Attempt.FAILED, a == attempts ? 0 : 75,
            a == attempts ? null : "temporary failure", a == 1 ? null : 1000L));
      }
      stages.add(new StageRun(STAGES[s], StageRun.SUCCEEDED, "local", start, t, as, null, null));
      State st = State.fromId(STAGES[s]).orElseThrow();
      st.environment().ifPresent(env -> releases.add(new Release(env, created, null, null, null)));
    }
    Approval approval = reached == 6
        ? new Approval(Approval.APPROVE, "alice", null, t.minusSeconds(600), t.minusSeconds(60)) : null;
    return new Deployment(Deployment.SCHEMA_VERSION, id, service, "main", Long.toHexString(rnd.nextLong()),
        "1." + rnd.nextInt(100), end, "dev@example.com", created, t, 1, stages, releases, approval,
        end == State.FAILED ? "stage failed" : null, end == State.ROLLED_BACK ? "health check failed" : null, null);
  }

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: StoreGenerator <storeDir> <count (0: only measure)> [--no-files] [--measure]");
      System.exit(2);
    }
    Path root = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    List<String> flags = Arrays.asList(args).subList(2, args.length);
    long t0 = System.nanoTime();
    if (count > 0) {
      // In batches, so that a million deployments never sit in memory at once.
      FileDeploymentStore store = new FileDeploymentStore(root, Clock.systemUTC());
      Instant start = Instant.parse("2020-01-01T00:00:00Z");
      for (int done = 0; done < count; done += BATCH) {
        int n = Math.min(BATCH, count - done);
        generate(store, n, start.plus(Duration.ofMinutes(done)), 42 + done, !flags.contains("--no-files"));
      }
      System.err.printf("generated %d deployments in %d ms%n", count, (System.nanoTime() - t0) / 1_000_000);
    }
    if (flags.contains("--measure")) measure(root);
  }

  private static void measure(Path root) {
    FileDeploymentStore store = new FileDeploymentStore(root, Clock.systemUTC());
    long t0 = System.nanoTime();
    store.history(HistoryQuery.all(20));
    System.err.printf("cold load of the index: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    t0 = System.nanoTime();
    new FileDeploymentStore(root, Clock.systemUTC()).history(HistoryQuery.all(20));
    System.err.printf("second load of the index by a new store instance (warm JIT): %d ms%n",
        (System.nanoTime() - t0) / 1_000_000);
    System.gc();
    Runtime rt = Runtime.getRuntime();
    System.err.printf("heap in use after load: %d MB%n", (rt.totalMemory() - rt.freeMemory()) >> 20);
    timeQuery(store, "history(limit 20)", HistoryQuery.all(20));
    timeQuery(store, "history(service=ledger, env=prod, limit 20)",
        new HistoryQuery("ledger", "prod", null, null, 20));
    timeQuery(store, "history(state=rolled-back, limit 20)", new HistoryQuery(null, null, State.ROLLED_BACK, null, 20));
    timeQuery(store, "active()", null);
  }

  private static void timeQuery(FileDeploymentStore store, String name, HistoryQuery q) {
    int runs = 500;
    long[] ns = new long[runs];
    for (int i = 0; i < runs + 200; i++) {
      long t = System.nanoTime();
      if (q == null) store.active();
      else store.history(q);
      if (i >= 200) ns[i - 200] = System.nanoTime() - t;
    }
    Arrays.sort(ns);
    System.err.printf("%s: p50 %.3f ms, p99 %.3f ms%n", name, ns[runs / 2] / 1e6, ns[runs * 99 / 100] / 1e6);
  }
}
