package dev.deploypipeline.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.deploypipeline.harness.FakeHarnessServer.Fault;
import dev.deploypipeline.harness.FakeHarnessServer.Received;
import dev.deploypipeline.harness.FakeHarnessServer.Script;
import dev.deploypipeline.workflow.Failure;
import dev.deploypipeline.workflow.Retrier;
import dev.deploypipeline.workflow.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HarnessClientTest {
  /** One retry audit line, as the engine would write it. */
  record Retry(int failedAttempt, Failure failure, Duration delay) {}

  final FakeTime time = new FakeTime();
  final List<Retry> retries = new CopyOnWriteArrayList<>();
  FakeHarnessServer fake;
  HarnessClient client;

  static HarnessClient client(FakeHarnessServer fake, FakeTime time, List<Retry> retries) {
    HarnessConfig config = HarnessConfig.of("default", "payments", fake.baseUrl());
    Retrier retrier = new Retrier(RetryPolicy.DEFAULT.forAnyState(), time);
    // Sub-second request timeout: the "slow answer" cases wait for real, but only this long.
    return new HarnessClient(config, FakeHarnessServer.KEY, Duration.ofMillis(400), retrier,
        (n, f, d) -> retries.add(new Retry(n, f, d)), time);
  }

  @BeforeEach
  void start() throws Exception {
    fake = new FakeHarnessServer(time);
    fake.pipeline("deploy-dev", Script.of("Running", "Success"));
    client = client(fake, time, retries);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void executeSendsTheRuntimeInputYamlWithTheKeyAndScope() throws Exception {
    String yaml = RuntimeInputs.yaml("deploy-dev", Map.of("deploymentId", "d-1"));

    StartedExecution started = client.execute("deploy-dev", yaml, "d-1");

    Received r = fake.executes().get(0);
    assertThat(r.path()).isEqualTo("/pipeline/api/pipeline/execute/deploy-dev");
    assertThat(r.query()).containsEntry("accountIdentifier", FakeHarnessServer.ACCOUNT)
        .containsEntry("orgIdentifier", "default").containsEntry("projectIdentifier", "payments")
        .containsEntry("notesForPipelineExecution", "deployment d-1");
    assertThat(r.header("x-api-key")).isEqualTo(FakeHarnessServer.KEY);
    assertThat(r.header("content-type")).isEqualTo("application/yaml");
    assertThat(r.body()).isEqualTo(yaml).contains("identifier: deploy-dev", "name: deploymentId", "value: d-1");
    assertThat(started.executionId()).isNotBlank();
    assertThat(started.adopted()).isFalse();
    assertThat(started.url()).hasToString(fake.baseUrl() + "/ng/account/acc123/all/orgs/default/projects/payments/"
        + "pipelines/deploy-dev/executions/" + started.executionId() + "/pipeline");
    assertThat(fake.executionsStarted()).isEqualTo(1);
  }

  @Test
  void statusReadsTheV2SummaryAndTheFailingStage() throws Exception {
    fake.pipeline("deploy-prod", Script.of("Running", "Failed").failingAt("Deploy to prod", "image not found"));
    String id = client.execute("deploy-prod", "", null).executionId();

    Execution first = client.status(id);
    Execution second = client.status(id);

    Received r = fake.received("GET", "/pipeline/api/pipelines/execution/v2/").get(0);
    assertThat(r.path()).isEqualTo("/pipeline/api/pipelines/execution/v2/" + id);
    assertThat(r.query()).containsKeys("accountIdentifier", "orgIdentifier", "projectIdentifier");
    assertThat(first.status()).isEqualTo("Running");
    assertThat(first.phase()).isEqualTo(ExecutionPhase.RUNNING);
    assertThat(second.phase()).isEqualTo(ExecutionPhase.FAILED);
    assertThat(second.failingStage()).contains("Deploy to prod");
    assertThat(second.describe()).isEqualTo("Failed at stage 'Deploy to prod': image not found");
  }

  @Test
  void listAndAbortUseTheDocumentedCalls() throws Exception {
    String a = client.execute("deploy-dev", "", null).executionId();
    String b = client.execute("deploy-dev", "", null).executionId();

    List<Execution> list = client.listExecutions("deploy-dev", 20);
    client.abort(b);

    assertThat(list).extracting(Execution::executionId).containsExactly(b, a);
    Received l = fake.received("POST", "/pipeline/api/pipelines/execution/summary").get(0);
    assertThat(l.query()).containsEntry("pipelineIdentifier", "deploy-dev").containsEntry("page", "0")
        .containsEntry("size", "20");
    assertThat(l.header("content-type")).isEqualTo("application/json");
    assertThat(l.body()).isEqualTo("{\"filterType\":\"PipelineExecution\"}");
    Received abort = fake.received("PUT", "/pipeline/api/pipeline/execute/interrupt/").get(0);
    assertThat(abort.path()).endsWith("/" + b);
    assertThat(abort.query()).containsEntry("interruptType", "AbortAll");
    assertThat(fake.statusOf(b)).isEqualTo("Aborted");
  }

  @Test
  void harnessErrorBodyBecomesAPermanentErrorKeepingTheCorrelationId() {
    fake.fault("execute", Fault.http(400, FakeHarnessServer.error("INVALID_REQUEST",
        "Invalid request: Value not provided for required variable imageTag")));

    HarnessException e = catchThrowableOfType(HarnessException.class, () -> client.execute("deploy-dev", "", "d-1"));

    assertThat(e.kind()).isEqualTo(Failure.Kind.PERMANENT);
    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(e.code()).contains("INVALID_REQUEST");
    assertThat(e.correlationId()).contains("corr-invalid_request");
    assertThat(e.getMessage()).contains("HTTP 400 INVALID_REQUEST", "required variable imageTag",
        "correlationId corr-invalid_request");
    assertThat(retries).isEmpty();
    assertThat(fake.executes()).hasSize(1);
  }

  @Test
  void badKeyNamesTheVariableAndNeverShowsTheKey() {
    HarnessConfig config = HarnessConfig.of("default", "payments", fake.baseUrl());
    HarnessClient bad = HarnessClient.fromEnvironment(config,
        Map.of("HARNESS_API_KEY", "pat.acc123.tok.wrongSecretXyz"), new Retrier(RetryPolicy.DEFAULT, time),
        Retrier.Listener.NONE, time);

    HarnessException e = catchThrowableOfType(HarnessException.class, () -> bad.status("x"));

    assertThat(e.httpStatus()).isEqualTo(401);
    assertThat(e.isTransient()).isFalse();
    assertThat(e.getMessage()).contains("HTTP 401", "set HARNESS_API_KEY", "correlationId corr-invalid_credential")
        .doesNotContain("wrongSecretXyz");
    assertThat(bad.toString()).doesNotContain("wrongSecretXyz");
    assertThat(client.toString()).doesNotContain(FakeHarnessServer.KEY).doesNotContain("s3cr3t");
  }

  @Test
  void forbiddenSaysWhichPermissionAndWhere() {
    fake.fault("abort", Fault.http(403, FakeHarnessServer.error("NG_ACCESS_DENIED",
        "Missing permission core_pipeline_abort on pipeline")));

    HarnessException e = catchThrowableOfType(HarnessException.class, () -> client.abort("x"));

    assertThat(e.getMessage()).contains("HTTP 403", "lacks permission", "org 'default', project 'payments'",
        "core_pipeline_abort");
    assertThat(retries).isEmpty();
  }

  @Test
  void rateLimitIsRetriedHonouringRetryAfter() throws Exception {
    String id = client.execute("deploy-dev", "", null).executionId();
    fake.fault("status", Fault.http(429, Map.of("Retry-After", "7"), FakeHarnessServer.error("TOO_MANY_REQUESTS",
        "Rate limit exceeded")));

    Execution e = client.status(id);

    assertThat(e.status()).isEqualTo("Running");
    assertThat(retries).hasSize(1);
    assertThat(retries.get(0).delay()).isEqualTo(Duration.ofSeconds(7));
    assertThat(retries.get(0).failure().isTransient()).isTrue();
    assertThat(retries.get(0).failure().message()).contains("HTTP 429");
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void rateLimitWithoutRetryAfterUsesThePolicyBackoff() throws Exception {
    String id = client.execute("deploy-dev", "", null).executionId();
    fake.fault("status", Fault.http(429, "{}"), Fault.http(429, "{}"));

    client.status(id);

    assertThat(retries).extracting(Retry::delay).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 504})
  void serverErrorsAreRetried(int status) throws Exception {
    String id = client.execute("deploy-dev", "", null).executionId();
    fake.fault("status", Fault.http(status, "<html>Bad gateway</html>"));

    assertThat(client.status(id).status()).isEqualTo("Running");
    assertThat(retries).singleElement().satisfies(r -> assertThat(r.failure().message()).contains("HTTP " + status));
  }

  @Test
  void persistentFailureGivesUpAfterThePolicyAttempts() {
    fake.fault("status", Fault.http(503, "{}"), Fault.http(503, "{}"), Fault.http(503, "{}"));

    HarnessException e = catchThrowableOfType(HarnessException.class, () -> client.status("any"));

    assertThat(e.isTransient()).isTrue();
    assertThat(e.getMessage()).contains("HTTP 503", "after 3 attempts");
    assertThat(retries).hasSize(2);
  }

  @Test
  void aSlowAnswerTimesOutAndIsRetried() throws Exception {
    String id = client.execute("deploy-dev", "", null).executionId();
    fake.fault("status", Fault.hanging());

    assertThat(client.status(id).status()).isEqualTo("Running");
    assertThat(retries).singleElement().satisfies(r -> {
      assertThat(r.failure().isTransient()).isTrue();
      assertThat(r.failure().message()).contains("no answer within");
    });
  }

  @Test
  void anExecuteWhoseAnswerIsLostIsFoundByItsTagNotRepeated() throws Exception {
    fake.fault("execute", Fault.acceptThenHang());
    String yaml = RuntimeInputs.yaml("deploy-dev", Map.of("deploymentId", "d-77", "service", "payments"));

    StartedExecution started = client.execute("deploy-dev", yaml, "d-77");

    assertThat(fake.executes()).hasSize(1);
    assertThat(fake.executionsStarted()).isEqualTo(1);
    assertThat(started.adopted()).isTrue();
    assertThat(client.listExecutions("deploy-dev", 5)).extracting(Execution::executionId)
        .containsExactly(started.executionId());
    assertThat(fake.received("GET", "/pipeline/api/pipelines/execution/" + started.executionId() + "/inputsetV2"))
        .isNotEmpty();
    assertThat(retries).singleElement().satisfies(r -> assertThat(r.failure().message()).contains("no answer"));
  }

  @Test
  void anotherDeploymentsExecutionIsNotAdopted() throws Exception {
    fake.existingRun("deploy-dev", RuntimeInputs.yaml("deploy-dev", Map.of("deploymentId", "d-770")));
    fake.fault("execute", Fault.http(502, "{}"));

    StartedExecution started = client.execute("deploy-dev", "", "d-77");

    assertThat(started.adopted()).isFalse();
    assertThat(fake.executes()).hasSize(2);
  }

  @Test
  void withoutATagALostExecuteIsReportedNotRetried() {
    fake.fault("execute", Fault.acceptThenHang());

    HarnessException e = catchThrowableOfType(HarnessException.class, () -> client.execute("deploy-dev", "", null));

    assertThat(e.isTransient()).isFalse();
    assertThat(e.maybeExecuted()).isTrue();
    assertThat(e.getMessage()).contains("may have started", "not retried blindly");
    assertThat(fake.executes()).hasSize(1);
  }

  @Test
  void rateLimitedExecuteIsSimplyRetriedBecauseHarnessDidNotRunIt() throws Exception {
    fake.fault("execute", Fault.http(429, "{}"));

    client.execute("deploy-dev", "", "d-5");

    assertThat(fake.executes()).hasSize(2);
    assertThat(fake.received("POST", "/pipeline/api/pipelines/execution/summary")).isEmpty();
    assertThat(fake.executionsStarted()).isEqualTo(1);
  }

  @Test
  void unknownPipelineIsA404WithTheFix() {
    HarnessException e = catchThrowableOfType(HarnessException.class, () -> client.execute("nope", "", null));

    assertThat(e.httpStatus()).isEqualTo(404);
    assertThat(e.getMessage()).contains("Pipeline [nope]", "identifiers, not names");
  }

  @Test
  void missingKeyNamesTheVariable() {
    HarnessConfig config = HarnessConfig.of("default", "payments", fake.baseUrl());

    assertThatThrownBy(() -> HarnessClient.fromEnvironment(config, Map.of(), new Retrier(RetryPolicy.DEFAULT, time),
        Retrier.Listener.NONE, time)).isInstanceOf(HarnessException.class)
        .hasMessageContaining("HARNESS_API_KEY is not set").hasMessageContaining("export HARNESS_API_KEY");
  }

  @ParameterizedTest
  @CsvSource({"pat.acc1.tok.secret, acc1", "sat.acc2.tok.secret, acc2"})
  void accountIdComesFromTheToken(String key, String account) {
    assertThat(HarnessConfig.of("o", "p", null).resolveAccountId(key)).isEqualTo(account);
  }

  @Test
  void aKeyWithoutAccountNeedsAccountIdInConfig() {
    assertThatThrownBy(() -> HarnessConfig.of("o", "p", null).resolveAccountId("opaqueKeyValue"))
        .hasMessageContaining("harness.accountId: is required").hasMessageNotContaining("opaqueKeyValue");
    HarnessConfig withAccount = new HarnessConfig("acc9", "o", "p", null, null, null, null, null, null, null, null);
    assertThat(withAccount.resolveAccountId("opaqueKeyValue")).isEqualTo("acc9");
  }

  @Test
  void retryAfterAsAnHttpDate() {
    HarnessErrors errors = new HarnessErrors("HARNESS_API_KEY", "s", time, null);
    Instant at = time.instant().plusSeconds(12);
    String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atZone(java.time.ZoneOffset.UTC));
    var headers = java.net.http.HttpHeaders.of(Map.of("Retry-After", List.of(date)), (a, b) -> true);

    assertThat(errors.retryAfter(headers)).isEqualTo(Duration.ofSeconds(12));
  }
}
