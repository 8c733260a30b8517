package dev.deploypipeline.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.DeploymentSummary;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A kill between a new deployment's file and its index line: the repair makes it visible again. */
class CrashRepairTest {
  static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  @TempDir Path tmp;

  @Test
  void aNewDeploymentSavedWithoutItsIndexLineIsIndexedByTheRepair() throws Exception {
    FileDeploymentStore store = new FileDeploymentStore(tmp.resolve("store"), new TestClock(T0));
    store.write(w -> w.save(Deployment.create(w.nextId(), "svc", "main", "c1", "v1", "me", T0)));
    // What a kill between DeploymentFiles.write and SummaryIndex.append leaves: an id handed out, a file, no line.
    String lost = store.write(w -> {
      try {
        String id = store.ids().next();
        store.files().write(id, Json.MAPPER.writeValueAsBytes(Deployment.create(id, "svc", "main", "c2", "v2", "me",
            T0.plusSeconds(60)).withRevision(1)), false);
        return id;
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    });
    FileDeploymentStore reopened = new FileDeploymentStore(store.root(), new TestClock(T0));
    assertThat(reopened.active()).extracting(DeploymentSummary::id).containsExactly("d-1");

    assertThat(reopened.repairAfterCrash()).containsExactly(lost);
    assertThat(reopened.active()).extracting(DeploymentSummary::id).containsExactly(lost, "d-1");
    assertThat(new FileDeploymentStore(store.root(), new TestClock(T0)).repairAfterCrash()).isEmpty();
  }

  @Test
  void aProjectThatNeverDeployedIsLeftUntouched() {
    FileDeploymentStore store = new FileDeploymentStore(tmp.resolve("project/.claude/deployments"),
        new TestClock(T0));
    assertThat(store.repairAfterCrash()).isEmpty();
    assertThat(tmp.resolve("project")).doesNotExist();
  }

  @Test
  void anIdHandedOutWithoutAFileIsSkipped() throws Exception {
    FileDeploymentStore store = new FileDeploymentStore(tmp.resolve("store"), new TestClock(T0));
    store.write(w -> {
      try {
        return store.ids().next();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(store.repairAfterCrash()).isEmpty();
    assertThat(store.active()).isEmpty();
  }
}
