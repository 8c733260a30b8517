package dev.deploypipeline.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.secrets.Redaction;
import dev.deploypipeline.store.Json;
import dev.deploypipeline.testutil.RequiredTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes. Readiness is signalled through a FIFO the instance writes to: the test blocks on reading it
 * instead of polling the clock.
 */
class ProcessTargetTest {
  @TempDir Path dir;
  private final ProcessTarget target = new ProcessTarget();
  private final List<Instance> started = new ArrayList<>();
  private Path fifo;

  @BeforeEach
  void fifo() throws Exception {
    RequiredTool.require("setsid", "util-linux");
    fifo = dir.resolve("ready");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(p.waitFor()).isZero();
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (Instance i : started) target.stop(i, Duration.ZERO);
  }

  private Instance start(String command, int port) throws IOException {
    Instance i = target.start(new InstanceSpec("dev", "v1.2", "blue", port, command,
        Map.of("READY", fifo.toString(), "GREETING", "hi"), dir, dir.resolve("logs")));
    started.add(i);
    return i;
  }

  /** Blocks until the instance opens the FIFO and writes its line. */
  private String awaitReady() throws IOException {
    return Files.readString(fifo).strip();
  }

  @Test
  void startsInItsOwnGroupWithPortVersionAndEnvAndCapturesOutput() throws Exception {
    Instance i = start("echo \"out $PORT ${VERSION} $GREETING home=${HOME:+set}\"; echo err >&2; "
        + "echo secret=${AWS_SECRET_ACCESS_KEY:-none}; echo up > \"$READY\"; exec sleep 300", 4711);
    assertThat(awaitReady()).isEqualTo("up");
    assertThat(i.address()).isEqualTo("127.0.0.1:4711");
    assertThat(i.log()).isEqualTo(dir.resolve("logs").resolve(i.id() + ".log"));
    assertThat(ProcessGroup.of(i.pid())).contains(i.pid());
    assertThat(Files.readString(i.log())).contains("out 4711 v1.2 hi home=set", "err", "secret=none");
    assertThat(target.isAlive(i)).isTrue();
  }

  @Test
  void aSecretInTheInstancesEnvironmentIsMaskedInItsLogWhileItRuns() throws Exception {
    String token = "tok/ProcTargetSECRET+7&x=y";
    Redaction.learn(Map.of("PT_API_TOKEN", token), List.of());
    Instance i = target.start(new InstanceSpec("dev", "v1.2", "blue", 4714,
        "echo \"token $PT_API_TOKEN\"; printf 'encoded %s\\n' \"$ENCODED\"; echo \"masks: ${!DP_MASK_@}\"; "
            + "echo up > \"$READY\"; exec sleep 300",
        Map.of("READY", fifo.toString(), "PT_API_TOKEN", token,
            "ENCODED", java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8)),
        dir, dir.resolve("logs")));
    started.add(i);
    assertThat(awaitReady()).isEqualTo("up");
    // the instance is still running: its lines reach the log as it writes them, not at its end
    String log = "";
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!log.contains("masks:") && System.nanoTime() < deadline) {
      Thread.yield();
      log = Files.readString(i.log());
    }
    assertThat(log).contains("token [redacted:PT_API_TOKEN]", "encoded [redacted:PT_API_TOKEN]")
        .doesNotContain("ProcTargetSECRET").contains("masks: \n");
  }

  @Test
  void stopKillsTheWholeGroupIncludingGrandchildren() throws Exception {
    Instance i = start("bash -c 'sleep 300 & echo \"$!\" > \"$READY\"; wait' & wait", 4712);
    long grandchild = Long.parseLong(awaitReady());
    assertThat(ProcessGroup.of(grandchild)).contains(i.pid());
    assertThat(new ProcessGroup(i.pid()).members()).hasSizeGreaterThanOrEqualTo(3);

    target.stop(i, Duration.ofSeconds(5));

    assertThat(ProcessGroup.of(grandchild)).isEmpty();
    assertThat(new ProcessGroup(i.pid()).members()).isEmpty();
    assertThat(target.isAlive(i)).isFalse();
    target.stop(i, Duration.ofSeconds(5)); // idempotent
  }

  @Test
  void aProcessThatIgnoresTermIsKilledAfterTheGrace() throws Exception {
    Instance i = start("trap '' TERM; echo up > \"$READY\"; sleep 300", 4713);
    awaitReady();
    long t0 = System.nanoTime();
    target.stop(i, Duration.ofMillis(300));
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(target.isAlive(i)).isFalse();
    assertThat(new ProcessGroup(i.pid()).members()).isEmpty();
  }

  @Test
  void aReusedPidIsNotMistakenForTheInstanceAndIsLeftAlone() throws Exception {
    Instance i = start("echo up > \"$READY\"; exec sleep 300", 4714);
    awaitReady();
    Instance impostor = new Instance(i.id(), i.environment(), i.version(), i.slot(), i.address(), i.pid(),
        i.processStart().minusSeconds(3600), i.log());
    assertThat(target.isAlive(impostor)).isFalse();
    target.stop(impostor, Duration.ZERO);
    assertThat(target.isAlive(i)).isTrue();
  }

  @Test
  void theRecordSurvivesAJsonRoundTrip() throws Exception {
    Instance i = start("echo up > \"$READY\"; exec sleep 300", 4715);
    awaitReady();
    String json = Json.MAPPER.writeValueAsString(i);
    assertThat(Json.MAPPER.readValue(json, Instance.class)).isEqualTo(i);
  }

  @Test
  void aNewServerAdoptsAnInstanceStartedByAnotherJvmThatHasExited() throws Exception {
    String javaBin = ProcessHandle.current().info().command().orElse("java");
    Process other = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
        StartInstanceMain.class.getName(), dir.toString(), dir.resolve("logs").toString(), "4716",
        "echo up > " + fifo + "; exec sleep 300")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String json = new String(other.getInputStream().readAllBytes());
    assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(other.exitValue()).isZero();
    awaitReady();

    Instance adopted = Json.MAPPER.readValue(json, Instance.class);
    started.add(adopted);
    ProcessTarget fresh = new ProcessTarget();
    assertThat(fresh.isAlive(adopted)).isTrue();
    assertThat(ProcessHandle.of(adopted.pid()).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
        .isNotEqualTo(java.util.Optional.of(ProcessHandle.current().pid()));

    fresh.stop(adopted, Duration.ofSeconds(5));
    assertThat(fresh.isAlive(adopted)).isFalse();
  }

  @Test
  void badSpecsAreRejectedWithTheFieldNamed() {
    assertThatThrownBy(() -> target.start(new InstanceSpec("dev", "v1", "blue", 80, " ", Map.of(), dir, dir)))
        .hasMessageContaining("command is empty");
    assertThatThrownBy(() -> target.start(new InstanceSpec("dev", "v1", "blue", 0, "true", Map.of(), dir, dir)))
        .hasMessageContaining("port 0");
    assertThatThrownBy(() -> target.start(new InstanceSpec("dev", "v1", "blue", 80, "true", Map.of(),
        dir.resolve("nope"), dir))).hasMessageContaining("workDir");
  }
}
