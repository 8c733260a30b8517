package dev.deploypipeline.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.config.StageSpec;
import dev.deploypipeline.workflow.Failure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCommandExecutorTest {
  @TempDir Path dir;
  final LocalCommandExecutor ex = new LocalCommandExecutor(Clock.systemUTC());

  StageResult run(String command, List<Integer> transientCodes, Duration timeout) throws Exception {
    StageSpec spec = new StageSpec(command, null, null, null, null, null, transientCodes);
    return ex.run(new StageRequest("building", spec, Map.of("DEPLOYMENT_ID", "d-7", "SERVICE", "svc"), dir,
        dir.resolve("logs/building.log"), timeout, 1, Map.of(), m -> {}));
  }

  @ParameterizedTest(name = "exit {0} → {1}")
  @CsvSource({"0, ok", "75, TRANSIENT", "1, PERMANENT", "2, PERMANENT", "127, PERMANENT"})
  void classifiesExitCodes(int code, String expected) throws Exception {
    StageResult r = run("exit " + code, null, Duration.ofSeconds(10));
    assertThat(r.exitCode()).isEqualTo(code);
    assertThat(r.failure().map(f -> f.kind().name()).orElse("ok")).isEqualTo(expected);
  }

  @Test
  void configuredTransientCodesReplaceTheDefault() throws Exception {
    assertThat(run("exit 3", List.of(3), Duration.ofSeconds(10)).failure()).get()
        .extracting(Failure::kind).isEqualTo(Failure.Kind.TRANSIENT);
    assertThat(run("exit 75", List.of(3), Duration.ofSeconds(10)).failure()).get()
        .extracting(Failure::kind).isEqualTo(Failure.Kind.PERMANENT);
  }

  @Test
  void runsInTheProjectDirWithTheContextAndCapturesOutput() throws Exception {
    StageResult r = run("pwd; echo id=$DEPLOYMENT_ID service=$SERVICE; echo err >&2", null, Duration.ofSeconds(10));
    assertThat(r.succeeded()).isTrue();
    String log = Files.readString(dir.resolve("logs/building.log"));
    assertThat(log).contains(dir.toRealPath().toString()).contains("id=d-7 service=svc").contains("err")
        .contains("=== exit 0");
  }

  @Test
  void aBackgroundServiceDoesNotHoldTheStageOpen() throws Exception {
    long t0 = System.nanoTime();
    StageResult r = run("setsid nohup sleep 30 >/dev/null 2>&1 & echo $! > bg.pid; echo started", null,
        Duration.ofSeconds(10));
    assertThat(r.succeeded()).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    // Detached on purpose, so it outlives the stage: stop exactly that process (never a match by name).
    for (long pid : pids("bg.pid")) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      assertGone(pid);
    }
  }

  @Test
  void timeoutKillsTheCommandAndIsTransient() throws Exception {
    // The shell, a child and a grandchild, each writing its pid first.
    StageResult r = run("echo $$ >> tree.pids; bash -c 'echo $$ >> tree.pids; sleep 30 & echo $! >> tree.pids; wait' & "
        + "echo begin; wait; echo never", null, Duration.ofMillis(2500));
    assertThat(r.failure()).get().satisfies(f -> {
      assertThat(f.isTransient()).isTrue();
      assertThat(f.message()).contains("timed out");
    });
    assertThat(Files.readString(dir.resolve("logs/building.log"))).contains("\nbegin\n").doesNotContain("\nnever\n");
    List<Long> tree = pids("tree.pids");
    assertThat(tree).as("the shell, the child and its sleep").hasSize(3);
    for (long pid : tree) assertGone(pid);
  }

  private List<Long> pids(String file) throws Exception {
    return Files.readAllLines(dir.resolve(file)).stream().map(String::strip).filter(l -> !l.isEmpty())
        .map(Long::parseLong).toList();
  }

  /** Waits for the exit event (not a sleep): a killed process may linger a moment until it is reaped. */
  private static void assertGone(long pid) throws Exception {
    java.util.Optional<ProcessHandle> h = ProcessHandle.of(pid);
    try {
      if (h.isPresent()) h.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("pid " + pid + " (" + h.get().info().commandLine().orElse("?") + ") outlived the kill");
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d still alive", pid)
        .isFalse();
  }
}
