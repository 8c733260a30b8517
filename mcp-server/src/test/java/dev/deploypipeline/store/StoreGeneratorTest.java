package dev.deploypipeline.store;

import dev.deploypipeline.testutil.TestClock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.DeploymentSummary;
import dev.deploypipeline.workflow.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scale correctness (not timing): 20,000 generated deployments answer from the index like a full scan would. */
class StoreGeneratorTest {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  static final int N = 20_000;

  @TempDir Path tmp;

  @Test
  void generatedStoreAnswersHistoryLikeAFullScan() throws Exception {
    TestClock clock = new TestClock(T0.plus(Duration.ofDays(30)));
    FileDeploymentStore gen = new FileDeploymentStore(tmp.resolve("store"), clock);
    List<String> ids = StoreGenerator.generate(gen, N, T0, 7, true);
    assertThat(ids).hasSize(N).startsWith("d-1").endsWith("d-" + N);

    // The ground truth: every deployment file, read one by one.
    List<DeploymentSummary> truth;
    try (Stream<Path> files = Files.list(gen.root().resolve("deployments"))) {
      truth = files.map(p -> Json.MAPPER.readValue(p.toFile(), Deployment.class)).map(DeploymentSummary::of)
          .sorted(Comparator.comparing(DeploymentSummary::createdAt).reversed()).toList();
    }
    assertThat(truth).hasSize(N);

    FileDeploymentStore store = new FileDeploymentStore(gen.root(), clock);
    assertThat(store.history(HistoryQuery.all(20))).isEqualTo(truth.subList(0, 20));
    assertThat(store.history(HistoryQuery.all(N + 5))).isEqualTo(truth);
    assertThat(store.history(new HistoryQuery("ledger", "prod", State.COMPLETED, T0.plus(Duration.ofDays(7)), 50)))
        .isEqualTo(truth.stream().filter(s -> s.service().equals("ledger") && s.environments().contains("prod")
            && s.state() == State.COMPLETED && !s.createdAt().isBefore(T0.plus(Duration.ofDays(7)))).limit(50).toList())
        .isNotEmpty();
    assertThat(store.active()).isEqualTo(truth.stream().filter(DeploymentSummary::isActive).toList()).isNotEmpty();
    assertThat(store.find("d-12345")).map(DeploymentSummary::of)
        .contains(truth.stream().filter(s -> s.id().equals("d-12345")).findFirst().orElseThrow());

    // The sequence continues after the generated ids, and a normal save lands on top of history.
    Deployment next = store.write(w -> w.save(Deployment.create(w.nextId(), "new", "main", "c", "1", "me",
        clock.instant())));
    assertThat(next.id()).isEqualTo("d-" + (N + 1));
    assertThat(store.history(HistoryQuery.all(1))).extracting(DeploymentSummary::id).containsExactly(next.id());
  }
}
