package dev.deploypipeline.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.DeploymentSummary;
import dev.deploypipeline.workflow.State;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** active() answers from a subset kept up to date line by line; it must agree with the full index. */
class ActiveIndexTest {
  final Clock clock = Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC);

  Deployment started(FileDeploymentStore store, String service) {
    return store.write(w -> w.save(Deployment.create(w.nextId(), service, "main", "abc123", "1.0", "me",
        clock.instant()).withState(State.BUILDING, clock.instant())));
  }

  @Test
  void aDeploymentLeavesTheActiveListWhenItEndsAndOtherReadersSeeItToo(@TempDir Path dir) {
    FileDeploymentStore writer = new FileDeploymentStore(dir, clock);
    FileDeploymentStore reader = new FileDeploymentStore(dir, clock);
    Deployment a = started(writer, "payments");
    Deployment b = started(writer, "search");
    assertThat(reader.active()).extracting(DeploymentSummary::id).containsExactly(b.id(), a.id());

    writer.write(w -> w.save(a.withState(State.FAILED, clock.instant())));

    assertThat(writer.active()).extracting(DeploymentSummary::id).containsExactly(b.id());
    assertThat(reader.active()).extracting(DeploymentSummary::id).containsExactly(b.id());
    assertThat(new FileDeploymentStore(dir, clock).active()).extracting(DeploymentSummary::id).containsExactly(b.id());
  }

  @Test
  void activeMatchesAFilterOfTheWholeHistoryAtScale(@TempDir Path dir) {
    FileDeploymentStore store = new FileDeploymentStore(dir, clock);
    StoreGenerator.generate(store, 2_000, Instant.parse("2025-01-01T00:00:00Z"), 7, false);
    var expected = store.history(HistoryQuery.all(5_000)).stream().filter(DeploymentSummary::isActive).toList();
    assertThat(expected).isNotEmpty();
    assertThat(new FileDeploymentStore(dir, clock).active()).isEqualTo(expected);
  }
}
