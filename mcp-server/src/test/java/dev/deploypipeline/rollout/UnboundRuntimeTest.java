package dev.deploypipeline.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.State;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While {@link Runtimes#production} is not bound to the real target and proxies, a deploy to an environment with a
 * target fails its stage with a clear message and starts nothing. (Delete this test with the binding.)
 */
class UnboundRuntimeTest {
  @TempDir Path dir;

  @Test
  void withoutABoundRuntimeTheStageFailsWithAClearMessageAndNothingRuns() throws Exception {
    Rig rig = new Rig(dir);
    rig.runtime = Runtimes.production(dir.resolve("proxies"), d -> {});
    rig.restart();

    Deployment d = rig.deploy("v1", StrategiesTest.BLUE_GREEN);

    assertThat(d.state()).isEqualTo(State.FAILED);
    assertThat(d.error()).contains("deploying-prod failed").contains("no target 'process' for environment prod")
        .contains("use a deploy command instead");
    assertThat(rig.target.started).isEmpty();
    assertThat(rig.router.splits).isEmpty();
  }
}
