package dev.deploypipeline.mcp.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The warm-up waits for a quiet session on an injected clock and sleeper; it never sleeps for real here. */
class QuietWarmUpTest {
  final AtomicLong now = new AtomicLong(1_000_000_000L);
  final AtomicInteger warmed = new AtomicInteger();
  final List<Duration> slept = new ArrayList<>();

  QuietWarmUp warmUp(Runnable duringSleep) {
    return new QuietWarmUp(warmed::incrementAndGet, now::get, d -> {
      slept.add(d);
      now.addAndGet(d.toNanos());
      duringSleep.run();
    });
  }

  @Test
  void warmsOnceTheSessionHasBeenQuietLongEnough() throws Exception {
    QuietWarmUp w = warmUp(() -> { });
    w.callStarted();
    now.addAndGet(Duration.ofMillis(20).toNanos());
    w.awaitQuietThenWarm();
    assertThat(warmed).hasValue(1);
    assertThat(slept).containsExactly(QuietWarmUp.QUIET.minusMillis(20));
  }

  @Test
  void callsDuringTheWaitPutItOff() throws Exception {
    QuietWarmUp[] w = new QuietWarmUp[1];
    int[] calls = {0};
    // Two more calls arrive while it waits: each restarts the quiet period.
    w[0] = warmUp(() -> {
      if (calls[0]++ < 2) {
        now.addAndGet(Duration.ofMillis(100).toNanos());
        w[0].callStarted();
        assertThat(warmed).as("not while calls come in").hasValue(0);
      }
    });
    w[0].callStarted();
    w[0].awaitQuietThenWarm();
    assertThat(warmed).hasValue(1);
    assertThat(slept).hasSize(3);
    assertThat(slept.get(2)).isEqualTo(QuietWarmUp.QUIET);
  }

  @Test
  void withoutCallsItWarmsOnceStartUpHasBeenQuiet() throws Exception {
    QuietWarmUp w = warmUp(() -> { });
    w.awaitQuietThenWarm();
    assertThat(warmed).hasValue(1);
    assertThat(slept).containsExactly(QuietWarmUp.QUIET);
  }
}
