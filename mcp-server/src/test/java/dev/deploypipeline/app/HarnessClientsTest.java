package dev.deploypipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.engine.HealthChecker;
import dev.deploypipeline.engine.PipelineRunner;
import dev.deploypipeline.engine.Transitions;
import dev.deploypipeline.executor.StageExecutor;
import dev.deploypipeline.executor.StageRequest;
import dev.deploypipeline.executor.StageResult;
import dev.deploypipeline.harness.HarnessClient;
import dev.deploypipeline.harness.HarnessConfig;
import dev.deploypipeline.store.FileDeploymentStore;
import dev.deploypipeline.testutil.RecordingSleeper;
import dev.deploypipeline.testutil.TestClock;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HarnessClientsTest {
  static final Map<String, String> ENV = Map.of("HARNESS_API_KEY", "pat.acct.token.secret");
  final TestClock clock = TestClock.at("2026-11-25T10:00:00Z");

  @Test
  void oneClientPerConfigUntilClosed() {
    HarnessClients clients = new HarnessClients(ENV, new RecordingSleeper(clock), clock);
    HarnessConfig a = HarnessConfig.of("default", "payments", "http://127.0.0.1:9");
    HarnessClient first = clients.apply(a);

    assertThat(clients.apply(HarnessConfig.of("default", "payments", "http://127.0.0.1:9"))).isSameAs(first);
    assertThat(clients.apply(a.inScope("default", "checkout"))).isNotSameAs(first);
    clients.close();
    assertThat(clients.apply(a)).as("a new one after close").isNotSameAs(first);
  }

  @Test
  void theRunnerClosesItsExecutorsAtShutdown(@TempDir Path dir) {
    AtomicInteger closed = new AtomicInteger();
    class Closing implements StageExecutor, AutoCloseable {
      @Override
      public String name() {
        return "closing";
      }

      @Override
      public StageResult run(StageRequest request) {
        throw new AssertionError("not run here");
      }

      @Override
      public void close() {
        closed.incrementAndGet();
      }
    }
    RecordingSleeper sleeper = new RecordingSleeper(clock);
    PipelineRunner runner = new PipelineRunner(new Transitions(new FileDeploymentStore(dir, clock), clock, List.of()),
        Map.of("closing", new Closing()), sleeper, new HealthChecker(clock, sleeper), dir);

    runner.shutdown();

    assertThat(closed).hasValue(1);
  }
}
