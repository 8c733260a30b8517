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
  void twoProcessesDoNotLoseUpdates() throws Exception {
    FileDeploymentStore store = new FileDeploymentStore(tmp.resolve("store"), clock);
    twoProcessesIncrement(store, store.root().toString(), 150);
  }

  /**
   * This process and a child ({@link CounterWorker} on {@code where}) each increment one counter {@code n} times at
   * once: every increment must land, in order, audited, with the chain intact.
   */
  static void twoProcessesIncrement(DeploymentStore store, String where, int n) throws Exception {
    String id = createCounters(store, 1).get(0);
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
        CounterWorker.class.getName(), where, String.valueOf(n), id, "child")
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
