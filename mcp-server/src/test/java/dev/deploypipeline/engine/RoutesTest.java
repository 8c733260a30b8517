package dev.deploypipeline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.app.App;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.store.AuditEntry;
import dev.deploypipeline.testutil.RecordingSleeper;
import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.testutil.TestProjects;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Event;
import dev.deploypipeline.workflow.PipelineListener;
import dev.deploypipeline.workflow.Release;
import dev.deploypipeline.workflow.Route;
import dev.deploypipeline.workflow.StageRun;
import dev.deploypipeline.workflow.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The engine runs any promotion path from the config: the two example projects of examples/environments (four
 * environments; prod regions in a parallel group behind one gate) on real bash commands and real files.
 */
class RoutesTest {
  static final Path EXAMPLES = Path.of("..", "examples", "environments");
  @TempDir Path dir;
  final TestClock clock = TestClock.at("2026-12-07T10:00:00Z");
  final List<String> events = Collections.synchronizedList(new ArrayList<>());

  DeploymentService service(String config) throws Exception {
    Files.writeString(dir.resolve("README.md"), "shop\n");
    TestProjects.gitProject(dir, config);
    PipelineListener recorder = new PipelineListener() {
      @Override
      public void transitioned(Deployment after, State from, Event event, String actor) {
        events.add(event + ":" + after.state().id());
      }
    };
    return App.service(dir, Map.of("DEPLOY_PIPELINE_USER", "alice@example.com"), clock, new RecordingSleeper(clock),
        List.of(recorder));
  }

  static String example(String name) throws Exception {
    return Files.readString(EXAMPLES.resolve(name));
  }

  /** The config with {@code env}'s deploy command replaced. */
  static String withDeploy(String config, String env, String command) {
    JsonMapper mapper = JsonMapper.builder().build();
    ObjectNode root = (ObjectNode) mapper.readTree(config);
    ((ObjectNode) root.get("environments").get(env).get("deploy")).put("command", command);
    return mapper.writeValueAsString(root);
  }

  @Test
  void fourEnvironmentsDeployInPathOrderWithTheirVariablesAndTheGateBeforeProd() throws Exception {
    DeploymentService s = service(example("four-envs.json"));
    Deployment d = s.drive(s.start("shop", "main", null, "alice@example.com").id());

    assertThat(d.state()).isEqualTo(State.AWAITING_APPROVAL);
    assertThat(d.route().steps()).extracting(Route.Step::name).containsExactly("dev", "qa", "staging", "prod");
    assertThat(d.stages()).extracting(StageRun::stage).containsExactly("validating", "building", "testing",
        "deploying-dev", "deploying-qa", "deploying-staging");
    s.decide(d.id(), "approve", "bob@example.com", "ship it");
    d = s.drive(d.id());

    assertThat(d.state()).isEqualTo(State.COMPLETED);
    assertThat(Files.readAllLines(dir.resolve("deployed.log"))).containsExactly("dev " + d.version() + " debug",
        "qa " + d.version() + " info", "staging " + d.version() + " info", "prod " + d.version() + " warn");
    assertThat(events).containsExactly("START:validating", "VALIDATION_COMPLETE:building", "BUILD_COMPLETE:testing",
        "TESTS_PASSED:deploying-dev", "DEV_DEPLOYED:deploying-qa", "QA_DEPLOYED:deploying-staging",
        "STAGING_DEPLOYED:awaiting-approval", "APPROVED:deploying-prod", "PROD_DEPLOYED:completed");
    assertThat(d.releases()).extracting(Release::environment).containsExactly("dev", "qa", "staging", "prod");
    assertThat(d.releases()).allSatisfy(r -> assertThat(r.deployedAt()).isNotNull());
    assertThat(s.store().verifyAudit().intact()).isTrue();
    // Read back from the store, the route and the generated states survive.
    assertThat(s.store().find(d.id()).orElseThrow().route()).isEqualTo(d.route());
  }

  @Test
  void aRollbackOfTheFourEnvironmentRunRestoresEveryEnvironmentNewestFirst() throws Exception {
    DeploymentService s = service(example("four-envs.json"));
    Deployment d = s.drive(s.start("shop", "main", null, "alice@example.com").id());
    d = s.rollback(d.id(), "alice@example.com", "qa found a bug");

    assertThat(d.state()).isEqualTo(State.ROLLED_BACK);
    assertThat(Files.readAllLines(dir.resolve("rollback.log"))).containsExactly("staging back to []",
        "qa back to []", "dev back to []");
  }

  @Test
  void prodRegionsDeployConcurrentlyAfterOneApproval() throws Exception {
    // Each region's deploy waits until the other one has started: only a concurrent run can pass.
    String handshake = "touch $ENVIRONMENT.started; other=prod-eu; [ $ENVIRONMENT = prod-eu ] && other=prod-us; "
        + "i=0; while [ ! -f $other.started ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done; "
        + "[ -f $other.started ] && echo \"$ENVIRONMENT $VERSION $REGION\" >> deployed.log";
    String config = withDeploy(withDeploy(example("regions.json"), "prod-eu", handshake), "prod-us", handshake);
    DeploymentService s = service(config);
    Deployment d = s.drive(s.start("shop", "main", null, "alice@example.com").id());

    assertThat(d.state()).as("one gate before both regions").isEqualTo(State.AWAITING_APPROVAL);
    s.decide(d.id(), "approve", "bob@example.com", null);
    d = s.drive(d.id());

    assertThat(d.state()).as(String.valueOf(d.error())).isEqualTo(State.COMPLETED);
    assertThat(d.stages()).extracting(StageRun::stage).contains("deploying-prod-eu", "deploying-prod-us");
    assertThat(Files.readAllLines(dir.resolve("deployed.log"))).containsExactlyInAnyOrder(
        "dev " + d.version() + " eu-west-1", "staging " + d.version() + " eu-west-1",
        "prod-eu " + d.version() + " eu-west-1", "prod-us " + d.version() + " us-east-1");
    assertThat(events).endsWith("STAGING_DEPLOYED:awaiting-approval", "APPROVED:deploying-prod-eu+prod-us",
        "PROD_EU+PROD_US_DEPLOYED:completed");
    assertThat(d.releases()).extracting(Release::environment).contains("prod-eu", "prod-us");
    assertThat(d.releases()).allSatisfy(r -> assertThat(r.deployedAt()).isNotNull());
    assertThat(s.audit(d.id())).extracting(AuditEntry::event).contains("PROD_EU+PROD_US_DEPLOYED");
    assertThat(s.store().verifyAudit().intact()).isTrue();
  }

  @Test
  void aFailedRegionFailsTheStepAndRollsBackEveryRegionItStarted() throws Exception {
    String config = withDeploy(example("regions.json"), "prod-us", "echo boom >&2; exit 1");
    DeploymentService s = service(config);
    Deployment d = s.drive(s.start("shop", "main", null, "alice@example.com").id());
    s.decide(d.id(), "approve", "bob@example.com", null);
    d = s.drive(d.id());

    assertThat(d.state()).isEqualTo(State.FAILED);
    assertThat(d.error()).contains("prod-us failed").contains("rolled back prod-eu and prod-us");
    assertThat(Files.readAllLines(dir.resolve("rollback.log")))
        .containsExactlyInAnyOrder("prod-eu back to []", "prod-us back to []");
    assertThat(d.releases()).extracting(Release::environment).containsExactly("dev", "staging");
    assertThat(d.stage("deploying-prod-us").orElseThrow().status()).isEqualTo(StageRun.FAILED);
    assertThat(d.stage("rollback-prod-eu").orElseThrow().status()).isEqualTo(StageRun.SUCCEEDED);
  }
}
