package dev.deploypipeline.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.testutil.RecordingSleeper;
import dev.deploypipeline.testutil.RequiredTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyProcessTest {
  @TempDir Path dir;

  @Test
  void aProxyThatExitsAtOnceFailsWithItsOutput() throws Exception {
    RequiredTool.require("setsid", "util-linux");
    Path fifo = dir.resolve("pid");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    java.util.concurrent.atomic.AtomicBoolean seen = new java.util.concurrent.atomic.AtomicBoolean();
    // the probe blocks until the "proxy" has exited (its pid from the FIFO, then its exit event): no clock involved
    ProxyProcess.Probe awaitExit = () -> {
      if (seen.compareAndSet(false, true)) {
        long pid = Long.parseLong(Files.readString(fifo).strip());
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
      }
      return false;
    };
    assertThatThrownBy(() -> ProxyProcess.start(
        List.of("bash", "-c", "echo 'bad config line 3'; echo $$ > " + fifo + "; exit 3"), dir, Map.of(),
        dir.resolve("p.log"), awaitExit, Duration.ofSeconds(30), new RecordingSleeper(null)))
        .hasMessageContaining("exited with 3").hasMessageContaining("bad config line 3");
  }

  @Test
  void aProxyThatNeverGetsReadyIsStoppedAfterTheTimeoutMeasuredBySleeps() throws Exception {
    RequiredTool.require("setsid", "util-linux");
    RecordingSleeper sleeper = new RecordingSleeper(null);
    AtomicReference<Long> pid = new AtomicReference<>();
    Path pidFile = dir.resolve("pid");
    assertThatThrownBy(() -> ProxyProcess.start(List.of("bash", "-c", "echo $$ > " + pidFile + "; exec sleep 300"),
        dir, Map.of(), dir.resolve("p.log"), () -> {
          if (Files.exists(pidFile) && !Files.readString(pidFile).isBlank()) {
            pid.compareAndSet(null, Long.parseLong(Files.readString(pidFile).strip()));
          }
          return false;
        }, Duration.ofMillis(100), sleeper)).hasMessageContaining("was not ready after 100 ms");
    assertThat(sleeper.sleeps()).hasSize(5).allMatch(d -> d.equals(Duration.ofMillis(25)));
    if (pid.get() != null) {
      assertThat(ProcessHandle.of(pid.get()).map(h -> h.isAlive() && h.info().command().isPresent()).orElse(false))
          .isFalse();
    }
  }
}
