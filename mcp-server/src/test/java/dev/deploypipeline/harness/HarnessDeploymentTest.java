package dev.deploypipeline.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.app.App;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.Views;
import dev.deploypipeline.executor.HarnessExecutor;
import dev.deploypipeline.harness.FakeHarnessServer.Fault;
import dev.deploypipeline.harness.FakeHarnessServer.Received;
import dev.deploypipeline.harness.FakeHarnessServer.Script;
import dev.deploypipeline.testutil.TestProjects;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.StageRun;
import dev.deploypipeline.workflow.State;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole deployment through {@link App#service} with {@code "executor": "harness"} against the emulator on
 * 127.0.0.1: the engine, the store, the executor and the client together. Time is {@link FakeTime}: every poll
 * interval and retry delay is recorded, never waited.
 */
public class HarnessDeploymentTest {
  static final List<String> PIPELINES = List.of("build-and-push", "run-tests", "deploy-dev", "deploy-staging",
      "deploy-prod");

  @TempDir Path dir;
  final FakeTime time = new FakeTime();
  FakeHarnessServer fake;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeHarnessServer(time);
    for (String p : PIPELINES) fake.pipeline(p, Script.of("Running", "Running", "Success"));
    fake.pipeline("deploy-prod", Script.of("Running", "ApprovalWaiting", "Success"));
    for (String env : List.of("dev", "staging", "prod")) fake.pipeline("rollback-" + env, Script.of("Running", "Success"));
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  /** validate runs locally; every other stage and each rollback is a Harness pipeline by convention. */
  public static String config(String baseUrl) {
    return """
        {"service":"payments","executor":"harness",
         "stages":{"validate":{"executor":"local","command":"true","idempotent":true},
                   "build":{"timeoutSeconds":600},"test":{"timeoutSeconds":600}},
         "environments":{
           "dev":{"deploy":{},"rollback":{}},
           "staging":{"deploy":{},"rollback":{}},
           "prod":{"deploy":{"timeoutSeconds":1800},"rollback":{},"requiresApproval":true}},
         "harness":{"orgId":"default","projectId":"payments","baseUrl":"%s","requestTimeoutSeconds":1}}
        """.formatted(baseUrl);
  }

  DeploymentService service() throws Exception {
    TestProjects.gitProject(dir, config(fake.baseUrl()));
    return App.service(dir, Map.of("HARNESS_API_KEY", FakeHarnessServer.KEY, "DEPLOY_PIPELINE_USER",
        "alice@example.com"), time, time, List.of());
  }

  static long executesOf(FakeHarnessServer fake, String pipeline) {
    return fake.executes().stream().filter(r -> r.path().endsWith("/" + pipeline)).count();
  }

  @Test
  void runsEveryStageAsOnePipelineExecutionToTheGateAndOnToCompleted() throws Exception {
    DeploymentService s = service();
    Deployment d = s.drive(s.start("payments", "main", null, "alice@example.com").id());

    assertThat(d.state()).isEqualTo(State.AWAITING_APPROVAL);
    assertThat(d.stages()).extracting(StageRun::stage).containsExactly("validating", "building", "testing",
        "deploying-dev", "deploying-staging");
    assertThat(fake.executes()).extracting(r -> r.path().substring(r.path().lastIndexOf('/') + 1))
        .containsExactly("build-and-push", "run-tests", "deploy-dev", "deploy-staging");

    s.decide(d.id(), "approve", "bob@example.com", "ship it");
    d = s.drive(d.id());

    assertThat(d.state()).isEqualTo(State.COMPLETED);
    for (String p : PIPELINES) assertThat(executesOf(fake, p)).as(p).isEqualTo(1);
    assertThat(fake.executionsStarted()).isEqualTo(5);
    // Runtime inputs carry the deployment, so an execution can be found again after a lost answer.
    Received prod = fake.executes().get(4);
    assertThat(RuntimeInputs.variable(prod.body(), RuntimeInputs.DEPLOYMENT_ID_VARIABLE)).contains(d.id());
    assertThat(RuntimeInputs.variable(prod.body(), "environment")).contains("prod");
    assertThat(prod.query()).containsEntry("notesForPipelineExecution", "deployment " + d.id());
    // Polling used the injected sleeper at Harness's own cadence (3 s, then ×1.5), not real time.
    assertThat(time.sleeps()).contains(Duration.ofSeconds(3), Duration.ofMillis(4500));
    assertThat(time.sleeps()).allSatisfy(x -> assertThat(x).isLessThanOrEqualTo(Duration.ofSeconds(30)));
  }

  @Test
  void statusShowsTheExecutionIdAndLinkOnEachHarnessStage() throws Exception {
    DeploymentService s = service();
    Deployment d = s.drive(s.start("payments", "main", null, "alice@example.com").id());

    Map<String, Object> view = Views.deployment(s.get(d.id()), time, a -> a.verb().name());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> stages = (List<Map<String, Object>>) view.get("stages");
    Map<String, Object> building = stages.stream().filter(m -> m.get("stage").equals("building")).findFirst()
        .orElseThrow();
    @SuppressWarnings("unchecked")
    Map<String, String> external = (Map<String, String>) building.get("external");
    String id = external.get(HarnessExecutor.EXECUTION_ID);
    assertThat(id).isNotBlank();
    assertThat(fake.statusOf(id)).isEqualTo("Success");
    assertThat(external).containsEntry(HarnessExecutor.PIPELINE, "build-and-push")
        .containsEntry(HarnessExecutor.EXECUTION_URL, fake.baseUrl() + "/ng/account/" + FakeHarnessServer.ACCOUNT
            + "/all/orgs/default/projects/payments/pipelines/build-and-push/executions/" + id + "/pipeline");
    Map<String, Object> validating = stages.get(0);
    assertThat(validating).doesNotContainKey("external");
  }

  @Test
  void anExecuteThatTimesOutAfterHarnessAcceptedItIsFoundNotRepeated() throws Exception {
    fake.fault("execute", Fault.acceptThenHang());
    DeploymentService s = service();
    Deployment d = s.drive(s.start("payments", "main", null, "alice@example.com").id());
    s.decide(d.id(), "approve", "bob@example.com", null);
    d = s.drive(d.id());

    assertThat(d.state()).isEqualTo(State.COMPLETED);
    // The answer to build-and-push's execute was lost; the retry looked it up instead of executing again.
    for (String p : PIPELINES) assertThat(executesOf(fake, p)).as(p).isEqualTo(1);
    assertThat(fake.executionsStarted()).isEqualTo(5);
    assertThat(fake.received("POST", "/pipeline/api/pipelines/execution/summary")).isNotEmpty();
    StageRun building = d.stage("building").orElseThrow();
    assertThat(building.attempts()).hasSize(1);
    String adopted = building.external().get(HarnessExecutor.EXECUTION_ID);
    assertThat(fake.statusOf(adopted)).isEqualTo("Success");
    assertThat(s.store().logFile(d.id(), "building")).content().contains("adopted execution " + adopted);
  }

  /** Thrown from a sleep to stand for the process dying while it waits on Harness. */
  static final class ProcessDied extends RuntimeException {}

  @Test
  void aServerThatDiesMidStageIsResumedByAnotherThatReattachesWithoutASecondExecute() throws Exception {
    TestProjects.gitProject(dir, config(fake.baseUrl()));
    Map<String, String> env = Map.of("HARNESS_API_KEY", FakeHarnessServer.KEY);
    DeploymentService first = App.service(dir, env, time, d -> {
      throw new ProcessDied();
    }, List.of());
    String id = first.start("payments", "main", null, "alice@example.com").id();
    assertThatThrownBy(() -> first.drive(id)).isInstanceOf(ProcessDied.class);
    first.shutdown();
    Deployment crashed = first.get(id);
    assertThat(crashed.state()).isEqualTo(State.BUILDING);
    String running = crashed.stage("building").orElseThrow().external().get(HarnessExecutor.EXECUTION_ID);
    assertThat(running).isNotBlank();
    assertThat(executesOf(fake, "build-and-push")).isEqualTo(1);

    DeploymentService second = App.service(dir, env, time, time, List.of());
    Deployment after = second.resume(id);

    assertThat(after.state()).isEqualTo(State.AWAITING_APPROVAL);
    assertThat(executesOf(fake, "build-and-push")).isEqualTo(1);
    assertThat(fake.statusOf(running)).isEqualTo("Success");
    assertThat(after.stage("building").orElseThrow().external()).containsEntry(HarnessExecutor.EXECUTION_ID, running);
    assertThat(second.store().logFile(id, "building")).content().contains("re-attaching to recorded execution "
        + running);
  }

  @Test
  void rollbackRunsTheRollbackPipelinesNewestEnvironmentFirst() throws Exception {
    DeploymentService s = service();
    Deployment d = s.drive(s.start("payments", "main", null, "alice@example.com").id());
    s.decide(d.id(), "approve", "bob@example.com", null);
    d = s.drive(d.id());
    assertThat(d.state()).isEqualTo(State.COMPLETED);

    Deployment back = s.rollback(d.id(), "error rate up", "carol@example.com");

    assertThat(back.state()).isEqualTo(State.ROLLED_BACK);
    List<Received> rollbacks = fake.executes().stream().filter(r -> r.path().contains("/rollback-")).toList();
    assertThat(rollbacks).extracting(r -> r.path().substring(r.path().lastIndexOf('/') + 1))
        .containsExactly("rollback-prod", "rollback-staging", "rollback-dev");
    assertThat(RuntimeInputs.variable(rollbacks.get(0).body(), "environment")).contains("prod");
    assertThat(back.stage("rollback-prod").orElseThrow().external()).containsKey(HarnessExecutor.EXECUTION_URL);
  }

  @Test
  void aFailedPipelineFailsTheDeploymentWithTheHarnessStageAndLink() throws Exception {
    fake.pipeline("deploy-dev", Script.of("Running", "Failed").failingAt("Rollout", "pods crash-looping"));
    DeploymentService s = service();
    Deployment d = s.drive(s.start("payments", "main", null, "alice@example.com").id());

    assertThat(d.state()).isEqualTo(State.FAILED);
    assertThat(d.error()).contains("deploy-dev", "Failed", "Rollout", "/executions/");
    assertThat(executesOf(fake, "deploy-dev")).isEqualTo(1);
  }
}
