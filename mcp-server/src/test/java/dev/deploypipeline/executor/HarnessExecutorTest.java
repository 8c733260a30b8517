package dev.deploypipeline.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.config.StageSpec;
import dev.deploypipeline.harness.FakeHarnessServer;
import dev.deploypipeline.harness.FakeHarnessServer.Fault;
import dev.deploypipeline.harness.FakeHarnessServer.Script;
import dev.deploypipeline.harness.FakeTime;
import dev.deploypipeline.harness.HarnessClient;
import dev.deploypipeline.harness.HarnessConfig;
import dev.deploypipeline.harness.RuntimeInputs;
import dev.deploypipeline.workflow.Failure;
import dev.deploypipeline.workflow.Retrier;
import dev.deploypipeline.workflow.RetryPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HarnessExecutorTest {
  @TempDir Path dir;
  final FakeTime time = new FakeTime();
  FakeHarnessServer fake;
  HarnessConfig config;
  /** What the executor recorded on the deployment, and how many requests Harness had seen at that moment. */
  final List<Map<String, String>> recorded = new ArrayList<>();
  final List<Integer> requestsWhenRecorded = new ArrayList<>();
  final Map<String, String> store = new LinkedHashMap<>();

  @BeforeEach
  void start() throws Exception {
    fake = new FakeHarnessServer(time);
    config = HarnessConfig.of("default", "payments", fake.baseUrl());
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  Supplier<HarnessClient> clients(Map<String, String> env) {
    return () -> new HarnessClient(config, env.get("HARNESS_API_KEY") == null ? null : env.get("HARNESS_API_KEY"),
        Duration.ofMillis(400), new Retrier(RetryPolicy.DEFAULT.forAnyState(), time), Retrier.Listener.NONE, time);
  }

  HarnessExecutor executor() {
    return new HarnessExecutor(config, clients(Map.of("HARNESS_API_KEY", FakeHarnessServer.KEY)), time, time);
  }

  StageRequest request(String stage, StageSpec spec, Map<String, String> external, Duration timeout) {
    Map<String, String> context = new LinkedHashMap<>();
    context.put("DEPLOYMENT_ID", "d-42");
    context.put("SERVICE", "payments");
    context.put("BRANCH", "main");
    context.put("COMMIT", "abc123");
    context.put("VERSION", "1.4.2");
    if (stage.contains("-")) context.put("ENVIRONMENT", stage.substring(stage.indexOf('-') + 1));
    store.putAll(external);
    return new StageRequest(stage, spec, context, dir, dir.resolve("logs").resolve(stage + ".log"), timeout, 1,
        Map.copyOf(external), m -> {
          recorded.add(m);
          requestsWhenRecorded.add(fake.received().size());
          store.putAll(m);
        });
  }

  StageRequest request(String stage) {
    return request(stage, null, Map.of(), Duration.ofMinutes(10));
  }

  @Test
  void runsTheStagePipelineToSuccessRecordingTheExecutionBeforePolling() throws Exception {
    fake.pipeline("deploy-staging", Script.of("Running", "ApprovalWaiting", "Running", "Success"));

    StageResult result = executor().run(request("deploying-staging"));

    assertThat(result.succeeded()).isTrue();
    assertThat(fake.executes()).singleElement().satisfies(r -> {
      assertThat(r.path()).isEqualTo("/pipeline/api/pipeline/execute/deploy-staging");
      assertThat(RuntimeInputs.variable(r.body(), "deploymentId")).contains("d-42");
      assertThat(RuntimeInputs.variable(r.body(), "service")).contains("payments");
      assertThat(RuntimeInputs.variable(r.body(), "commit")).contains("abc123");
      assertThat(RuntimeInputs.variable(r.body(), "version")).contains("1.4.2");
      assertThat(RuntimeInputs.variable(r.body(), "environment")).contains("staging");
    });
    String id = store.get(HarnessExecutor.EXECUTION_ID);
    assertThat(id).isNotBlank();
    assertThat(store.get(HarnessExecutor.EXECUTION_URL)).endsWith("/executions/" + id + "/pipeline");
    int recordedAt = requestsWhenRecorded.get(recorded.indexOf(recorded.stream()
        .filter(m -> id.equals(m.get(HarnessExecutor.EXECUTION_ID))).findFirst().orElseThrow()));
    assertThat(fake.received().subList(0, recordedAt)).noneMatch(r -> r.path().contains("/execution/v2/"));
    assertThat(result.external()).containsEntry(HarnessExecutor.EXECUTION_ID, id);
    assertThat(fake.received("GET", "/pipeline/api/pipelines/execution/v2/")).hasSize(4);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(3), Duration.ofMillis(4500),
        Duration.ofMillis(6750));
    assertThat(Files.readString(request("deploying-staging").logFile())).contains("executing Harness pipeline "
        + "deploy-staging", "started execution " + id, "status ApprovalWaiting", "finished Success");
  }

  @Test
  void pollingBacksOffToThirtySeconds() throws Exception {
    String[] statuses = new String[12];
    java.util.Arrays.fill(statuses, "Running");
    statuses[11] = "Success";
    fake.pipeline("run-tests", Script.of(statuses));

    assertThat(executor().run(request("testing")).succeeded()).isTrue();
    assertThat(time.sleeps()).endsWith(Duration.ofSeconds(30), Duration.ofSeconds(30));
    assertThat(time.sleeps()).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(30)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Failed", "Errored", "Aborted", "AbortedByFreeze", "Expired", "ApprovalRejected"})
  void aFailedExecutionFailsTheStagePermanentlyNamingStatusAndStage(String status) throws Exception {
    fake.pipeline("deploy-prod", Script.of("Running", status).failingAt("Canary", "health check failed"));

    StageResult result = executor().run(request("deploying-prod"));

    Failure f = result.failure().orElseThrow();
    assertThat(f.kind()).isEqualTo(Failure.Kind.PERMANENT);
    assertThat(f.message()).contains("'deploy-prod'", status + " at stage 'Canary'", "health check failed",
        "/executions/");
    assertThat(result.external()).containsKey(HarnessExecutor.EXECUTION_ID);
  }

  @Test
  void ignoreFailedCountsAsSuccess() throws Exception {
    fake.pipeline("build-and-push", Script.of("IgnoreFailed"));
    assertThat(executor().run(request("building")).succeeded()).isTrue();
  }

  @Test
  void reattachesToARecordedExecutionWithoutExecutingAgain() throws Exception {
    fake.pipeline("deploy-prod", Script.of("Running", "Success"));
    String id = fake.existingRun("deploy-prod", "");

    StageResult result = executor().run(request("deploying-prod", null,
        Map.of(HarnessExecutor.PIPELINE, "deploy-prod", HarnessExecutor.EXECUTION_ID, id), Duration.ofMinutes(5)));

    assertThat(result.succeeded()).isTrue();
    assertThat(fake.executes()).isEmpty();
    assertThat(fake.received("GET", "/pipeline/api/pipelines/execution/v2/" + id)).hasSize(2);
    assertThat(Files.readString(dir.resolve("logs/deploying-prod.log"))).contains("re-attaching to recorded "
        + "execution " + id);
  }

  @Test
  void afterACrashBetweenExecuteAndRecordingItFindsTheExecutionByItsTag() throws Exception {
    fake.pipeline("deploy-dev", Script.of("Running", "Success"));
    String id = fake.existingRun("deploy-dev", RuntimeInputs.yaml("deploy-dev", Map.of("deploymentId", "d-42")));

    StageResult result = executor().run(request("deploying-dev", null, Map.of(HarnessExecutor.PIPELINE, "deploy-dev",
        HarnessExecutor.EXECUTE_REQUESTED_AT, time.instant().minusSeconds(5).toString()), Duration.ofMinutes(5)));

    assertThat(result.succeeded()).isTrue();
    assertThat(fake.executes()).isEmpty();
    assertThat(store).containsEntry(HarnessExecutor.EXECUTION_ID, id);
  }

  @Test
  void anExecuteTimingOutAfterHarnessAcceptedItStartsExactlyOneExecution() throws Exception {
    fake.pipeline("deploy-dev", Script.of("Running", "Success"));
    fake.fault("execute", Fault.acceptThenHang());

    StageResult result = executor().run(request("deploying-dev"));

    assertThat(result.succeeded()).isTrue();
    assertThat(fake.executes()).hasSize(1);
    assertThat(fake.executionsStarted()).isEqualTo(1);
    // The marker was on the deployment before the execute went out.
    assertThat(recorded.get(0)).containsKey(HarnessExecutor.EXECUTE_REQUESTED_AT)
        .doesNotContainKey(HarnessExecutor.EXECUTION_ID);
    assertThat(requestsWhenRecorded.get(0)).isZero();
  }

  @Test
  void stageTimeoutAbortsTheExecutionAndIsTransient() throws Exception {
    fake.pipeline("deploy-prod", Script.of("Running"));

    StageResult result = executor().run(request("deploying-prod", null, Map.of(), Duration.ofSeconds(60)));

    Failure f = result.failure().orElseThrow();
    assertThat(f.isTransient()).isTrue();
    assertThat(f.message()).contains("still Running after the stage timeout of 60 s", "aborted");
    var abort = fake.received("PUT", "/pipeline/api/pipeline/execute/interrupt/");
    assertThat(abort).singleElement().satisfies(r -> assertThat(r.query()).containsEntry("interruptType", "AbortAll"));
    String id = abort.get(0).path().substring(abort.get(0).path().lastIndexOf('/') + 1);
    assertThat(fake.statusOf(id)).isEqualTo("Aborted");
    assertThat(time.sleeps().stream().mapToLong(Duration::toMillis).sum()).isEqualTo(60_000);
    // The next attempt must start afresh, not re-attach to the aborted run.
    assertThat(store.get(HarnessExecutor.EXECUTION_ID)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"building, build-and-push", "testing, run-tests", "deploying-dev, deploy-dev",
      "deploying-staging, deploy-staging", "deploying-prod, deploy-prod", "rollback-prod, rollback-prod"})
  void defaultPipelinesFollowTheStage(String stage, String pipeline) throws Exception {
    fake.pipeline(pipeline, Script.of("Success"));
    assertThat(executor().run(request(stage)).succeeded()).isTrue();
    assertThat(fake.executes()).singleElement()
        .satisfies(r -> assertThat(r.path()).endsWith("/execute/" + pipeline));
  }

  @Test
  void validatingNeedsAConfiguredPipeline() throws Exception {
    StageResult result = executor().run(request("validating"));

    assertThat(result.failure().orElseThrow().message()).contains("stage 'validating' has no default Harness "
        + "pipeline", "harness.pipelines.\"validating\"");
    assertThat(fake.received()).isEmpty();
  }

  @Test
  void stageSpecAndConfigOverrideThePipeline() throws Exception {
    fake.pipeline("lint", Script.of("Success")).pipeline("ship-it", Script.of("Success"));
    StageSpec spec = new StageSpec(null, null, null, null, "harness", "lint", null);
    assertThat(executor().run(request("validating", spec, Map.of(), Duration.ofMinutes(1))).succeeded()).isTrue();

    config = new HarnessConfig(null, "default", "payments", fake.baseUrl(), Map.of("deploying-prod", "ship-it"),
        null, null, null, null, null, null);
    assertThat(executor().run(request("deploying-prod")).succeeded()).isTrue();

    assertThat(fake.executes()).extracting(r -> r.path().substring(r.path().lastIndexOf('/') + 1))
        .containsExactly("lint", "ship-it");
  }

  @Test
  void configuredVariablesAreTemplatedFromTheContext() throws Exception {
    fake.pipeline("deploy-dev", Script.of("Success"));
    config = new HarnessConfig(null, "default", "payments", fake.baseUrl(), null, null,
        Map.of("imageTag", "{{SERVICE}}:{{VERSION}}"), null, null, null, null);

    executor().run(request("deploying-dev"));

    String body = fake.executes().get(0).body();
    assertThat(RuntimeInputs.variable(body, "imageTag")).contains("payments:1.4.2");
    assertThat(RuntimeInputs.variable(body, "deploymentId")).contains("d-42");
    assertThat(RuntimeInputs.variable(body, "service")).isEmpty();
  }

  @Test
  void unknownPlaceholderIsAClearError() throws Exception {
    config = new HarnessConfig(null, "default", "payments", fake.baseUrl(), null, null,
        Map.of("imageTag", "{{IMAGE}}"), null, null, null, null);

    StageResult result = executor().run(request("deploying-dev"));

    assertThat(result.failure().orElseThrow().message()).contains("harness.variables.imageTag", "{{IMAGE}}",
        "DEPLOYMENT_ID");
    assertThat(fake.executes()).isEmpty();
  }

  @Test
  void missingKeyOrConfigFailsWithTheFix() throws Exception {
    StageResult noKey = new HarnessExecutor(config, clients(Map.of()), time, time).run(request("building"));
    assertThat(noKey.failure().orElseThrow().message()).contains("HARNESS_API_KEY is not set");
    assertThat(noKey.failure().orElseThrow().isTransient()).isFalse();

    StageResult noConfig = new HarnessExecutor(null, clients(Map.of()), time, time).run(request("building"));
    assertThat(noConfig.failure().orElseThrow().message()).contains("no 'harness' section", "harness.orgId");
  }

  @Test
  void statusOutageDuringPollingIsTransientAndKeepsTheExecutionForReattachment() throws Exception {
    fake.pipeline("deploy-dev", Script.of("Running"));
    fake.fault("status", Fault.http(503, "{}"), Fault.http(503, "{}"), Fault.http(503, "{}"));

    StageResult result = executor().run(request("deploying-dev"));

    assertThat(result.failure().orElseThrow().isTransient()).isTrue();
    assertThat(result.external().get(HarnessExecutor.EXECUTION_ID)).isNotBlank();
    assertThat(store.get(HarnessExecutor.EXECUTION_ID)).isNotBlank();
  }

  @Test
  void theKeyIsNowhereInResultsRecordsOrLogs() throws Exception {
    fake.pipeline("deploy-prod", Script.of("Running", "Failed").failingAt("Deploy", "boom"));
    fake.fault("status", Fault.http(429, Map.of("Retry-After", "1"), "{}"));
    StageResult result = executor().run(request("deploying-prod"));

    String everything = result + recorded.toString() + Files.readString(dir.resolve("logs/deploying-prod.log"));
    assertThat(everything).doesNotContain(FakeHarnessServer.KEY).doesNotContain("s3cr3t").contains("Failed");
  }
}
