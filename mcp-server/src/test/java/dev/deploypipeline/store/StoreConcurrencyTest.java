package dev.deploypipeline.store;

import dev.deploypipeline.testutil.TestClock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.workflow.Deployment;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class StoreConcurrencyTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path tmp;
  final TestClock clock = new TestClock(T0);

  static List<String> createCounters(DeploymentStore store, int count) {
    return store.write(w -> {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ids.add(w.save(Deployment.create(w.nextId(), "svc" + i, "main", "c", "0", "me", T0)).id());
      }
      return ids;
    });
  }

  @Test
  @Timeout(120)
  void threadsDoNotLoseUpdates() throws Exception {
    int threads = 8;
    int perThread = 50;
    FileDeploymentStore shared = new FileDeploymentStore(tmp.resolve("store"), clock);
    List<String> ids = createCounters(shared, 3);
    int[] expected = new int[3];
    for (int t = 0; t < threads; t++) for (int i = 0; i < perThread; i++) expected[(t + i) % 3]++;

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      // Half the threads use their own store instance on the same directory, as a second server component might.
      DeploymentStore store = t % 2 == 0 ? shared : new FileDeploymentStore(shared.root(), clock);
      done.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < perThread; i++) CounterWorker.increment(store, ids.get((thread + i) % 3), "t" + thread);
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : done) f.get(100, TimeUnit.SECONDS);
    pool.shutdown();

    for (int k = 0; k < 3; k++) {
      Deployment d = shared.find(ids.get(k)).orElseThrow();
      assertThat(Integer.parseInt(d.version())).as(ids.get(k)).isEqualTo(expected[k]);
      assertThat(d.revision()).isEqualTo(1 + expected[k]);
      assertThat(shared.audit(ids.get(k))).hasSize(expected[k]);
    }
    assertThat(shared.verifyAudit()).isEqualTo(new AuditVerification(threads * perThread, true,
        java.util.Optional.empty()));
    assertThat(shared.history(HistoryQuery.all(10))).extracting(s -> s.version()).containsExactlyInAnyOrder(
        String.valueOf(expected[0]), String.valueOf(expected[1]), String.valueOf(expected[2]));
  }

  @Test
  @Timeout(120)
  void twoProcessesDoNotLoseUpdates() throws Exception {
    int n = 150;
    FileDeploymentStore store = new FileDeploymentStore(tmp.resolve("store"), clock);
    String id = createCounters(store, 1).get(0);

    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
        CounterWorker.class.getName(), store.root().toString(), String.valueOf(n), id, "child")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("ready");
      OutputStream in = child.getOutputStream();
      in.write("go\n".getBytes(StandardCharsets.UTF_8));
      in.flush();

      for (int i = 0; i < n; i++) CounterWorker.increment(store, id, "parent");

      assertThat(out.readLine()).isEqualTo("done");
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).isZero();
    } finally {
      child.destroyForcibly();
    }

    Deployment d = store.find(id).orElseThrow();
    assertThat(d.version()).isEqualTo(String.valueOf(2 * n));
    assertThat(d.revision()).isEqualTo(1 + 2L * n);
    List<AuditEntry> audit = store.audit(id);
    assertThat(audit).hasSize(2 * n);
    assertThat(audit).extracting(AuditEntry::attempt).containsExactlyElementsOf(
        java.util.stream.IntStream.rangeClosed(1, 2 * n).boxed().toList());
    assertThat(audit).extracting(AuditEntry::actor).contains("parent", "child");
    long switches = java.util.stream.IntStream.range(1, audit.size())
        .filter(i -> !audit.get(i).actor().equals(audit.get(i - 1).actor())).count();
    System.err.println("two-process run: the lock changed hands " + switches + " times in " + 2 * n + " transactions");
    assertThat(switches).as("the processes must overlap, or this test proves nothing").isGreaterThan(1);
    assertThat(store.verifyAudit()).isEqualTo(new AuditVerification(2L * n, true, java.util.Optional.empty()));
    assertThat(store.history(HistoryQuery.all(1)).get(0).version()).isEqualTo(String.valueOf(2 * n));
  }
}
