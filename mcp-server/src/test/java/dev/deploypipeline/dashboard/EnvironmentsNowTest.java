package dev.deploypipeline.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.mcp.TestProject;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Release;
import dev.deploypipeline.workflow.StageRun;
import dev.deploypipeline.workflow.State;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the overview says runs in each environment after a rollback, a failed deploy, and nothing at all. */
class EnvironmentsNowTest {
  @TempDir Path dir;
  static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

  @Test
  void rollbackPutsThePreviousVersionBackAndAFailureAfterItShows() throws Exception {
    try (TestProject p = TestProject.create(dir, TestProject.GOOD_CONFIG)) {
      p.service.store().write(w -> {
        w.save(Deployment.create(w.nextId(), "demo", "main", "c1", "v1", "a", T)
            .withRelease(new Release("prod", T.plusSeconds(10), null, null, null), T).withState(State.COMPLETED, T));
        w.save(Deployment.create(w.nextId(), "demo", "main", "c2", "v2", "a", T.plusSeconds(100))
            .withRelease(new Release("prod", T.plusSeconds(110), "d-1", "v1", "c1"), T)
            .withState(State.ROLLED_BACK, T.plusSeconds(200)).withRollbackReason("errors", T.plusSeconds(200)));
        return w.save(Deployment.create(w.nextId(), "demo", "main", "c3", "v3", "a", T.plusSeconds(300))
            .withRelease(new Release("prod", null, "d-1", "v1", "c1"), T)
            .withStage(new StageRun("deploying-prod", StageRun.FAILED, "local", T, T, List.of(), null, Map.of()), T)
            .withError("health check failed", T).withState(State.FAILED, T.plusSeconds(400)));
      });
      var prod = EnvironmentsNow.of(p.service, "demo").get(2);
      assertThat(prod.environment()).isEqualTo("prod");
      assertThat(prod.version()).isEqualTo("v1");
      assertThat(prod.commit()).isEqualTo("c1");
      assertThat(prod.deploymentId()).isEqualTo("d-2");
      assertThat(prod.health()).isEqualTo("failed");
      assertThat(prod.healthDetail()).isEqualTo("d-3 failed here: health check failed");
      var dev = EnvironmentsNow.of(p.service, "demo").get(0);
      assertThat(dev.health()).isEqualTo("unknown");
      assertThat(dev.version()).isNull();
    }
  }
}
