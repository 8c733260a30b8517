package dev.deploypipeline.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.deploypipeline.deploy.DeployException;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.testutil.TestProjects;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.State;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A canary step "untilApproved" is decided through the service's approve/reject, under the approver rules. */
class StepApprovalTest {
  @TempDir Path dir;

  static final String CONFIG = Rig.json("""
      "approvers": ["carol@example.com"],
      "router": {"type": "caddy"},
      "strategy": {"type": "canary", "steps": [{"weight": 20, "pause": "untilApproved"}, {"weight": 100}],
        "analysis": {"interval": "2s", "count": 2, "minRequests": 20}}""");

  DeploymentService service(Rig rig) throws Exception {
    TestProjects.gitProject(dir, CONFIG);
    return new DeploymentService(dir, rig.runner, Map.of("DEPLOY_PIPELINE_USER", "alice@example.com"));
  }

  Deployment parkedV2(Rig rig, DeploymentService s) throws Exception {
    assertThat(s.drive(s.start("svc", "main", null, "alice@example.com").id()).state()).isEqualTo(State.COMPLETED);
    TestProjects.commit(dir, "v2");
    Deployment d = s.drive(s.start("svc", "main", null, "alice@example.com").id());
    assertThat(d.state()).isEqualTo(State.DEPLOYING_PROD);
    assertThat(rig.router.percent(rig.router.current(), d.version())).isEqualTo(20);
    return d;
  }

  @Test
  void onlyAnApproverLetsTheCanaryGoOn() throws Exception {
    Rig rig = new Rig(dir);
    DeploymentService s = service(rig);
    Deployment d = parkedV2(rig, s);

    DeployException refused = catchThrowableOfType(DeployException.class,
        () -> s.decide(d.id(), "approve", "mallory@example.com", null));
    assertThat(refused.getMessage()).contains("not an approver");
    assertThat(s.drive(d.id()).state()).isEqualTo(State.DEPLOYING_PROD);

    s.decide(d.id(), "approve", "carol@example.com", "looks fine");
    Deployment done = s.drive(d.id());

    assertThat(done.state()).isEqualTo(State.COMPLETED);
    assertThat(rig.router.percent(rig.router.current(), d.version())).isEqualTo(100);
  }

  @Test
  void aRejectionRollsTheCanaryBackToStable() throws Exception {
    Rig rig = new Rig(dir);
    DeploymentService s = service(rig);
    Deployment d = parkedV2(rig, s);

    Deployment back = s.decide(d.id(), "reject", "carol@example.com", "not today");

    assertThat(back.state()).isEqualTo(State.ROLLED_BACK);
    assertThat(back.rollbackReason()).contains("rejected at a rollout step by carol@example.com");
    assertThat(rig.router.percent(rig.router.current(), d.version())).isZero();
    assertThat(rig.target.runningVersions()).doesNotContain(d.version());
  }
}
