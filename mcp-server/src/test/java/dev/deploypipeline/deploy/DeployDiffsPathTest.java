package dev.deploypipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.app.App;
import dev.deploypipeline.testutil.RecordingSleeper;
import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.testutil.TestProjects;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy diff on a configured path (examples/environments/regions.json: dev, staging, then prod-eu and prod-us in
 * parallel behind one gate): the step before a region is staging, variables of that region are compared, and the
 * approval form names the gated step's environment.
 */
class DeployDiffsPathTest {
  static final String PLANTED = "tok-planted-5150";
  @TempDir Path dir;
  final TestClock clock = TestClock.at("2026-11-25T10:00:00Z");

  @Test
  void aRegionIsComparedWithStagingAndItsVariablesAreDiffed() throws Exception {
    String config = Files.readString(Path.of("..", "examples", "environments", "regions.json"));
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("README.md"), "shop\n");
    TestProjects.gitProject(dir, config);
    DeploymentService s = App.service(dir, Map.of("DEPLOY_PIPELINE_USER", "ann@example.com"), clock,
        new RecordingSleeper(clock), List.of());
    Deployment d1 = s.drive(s.start("shop", "main", null, "ann@example.com").id());
    assertThat(d1.state()).isEqualTo(State.AWAITING_APPROVAL);
    s.decide(d1.id(), "approve", "bob@example.com", "ok");
    assertThat(s.drive(d1.id()).state()).isEqualTo(State.COMPLETED);

    Files.writeString(dir.resolve(".claude/deployment-config.json"), config.replace("\"REGION\": \"us-east-1\"",
        "\"REGION\": \"us-west-2\", \"PAYMENT_TOKEN\": \"" + PLANTED + "\""));
    TestProjects.git(dir, "add", "-A");
    TestProjects.commit(dir, "feat: us-west-2");
    Deployment d2 = s.drive(s.start("shop", "main", null, "ann@example.com").id());
    assertThat(d2.state().isGate()).isTrue();

    DeployDiff us = new DeployDiffs(s).diff("prod-us", null);
    assertThat(us.candidate().source()).isEqualTo("current in staging");
    assertThat(us.running().deploymentId()).isEqualTo(d1.id());
    assertThat(us.commits()).extracting(c -> c.subject()).containsExactly("feat: us-west-2");
    assertThat(us.config()).extracting(ConfigChanges.Change::line).containsExactlyInAnyOrder(
        "prod-us variables.REGION changed: \"us-east-1\" → \"us-west-2\"",
        "prod-us variables.PAYMENT_TOKEN added (secret: name only)");
    assertThat(us.toMap().toString() + us.summary()).doesNotContain(PLANTED);
    assertThat(new DeployDiffs(s).diff("prod-eu", null).config()).as("prod-us's section is not prod-eu's").isEmpty();

    ApprovalGate.Summary form = new ApprovalGate(s).summarize(d2.id());
    assertThat(form.body()).contains("Diff prod-eu: ").contains("1 commit: 1 feat").doesNotContain(PLANTED);
    assertThatThrownBy(() -> new DeployDiffs(s).diff("prod", null)).isInstanceOf(DeployException.class)
        .hasMessageContaining("configured: dev, staging, prod-eu, prod-us");
    s.shutdown();
  }
}
