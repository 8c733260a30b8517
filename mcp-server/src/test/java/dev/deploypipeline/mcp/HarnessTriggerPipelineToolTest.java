package dev.deploypipeline.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.harness.FakeHarnessServer;
import dev.deploypipeline.harness.FakeHarnessServer.Script;
import dev.deploypipeline.harness.FakeTime;
import dev.deploypipeline.harness.HarnessClient;
import dev.deploypipeline.harness.HarnessConfig;
import dev.deploypipeline.harness.RuntimeInputs;
import dev.deploypipeline.workflow.Retrier;
import dev.deploypipeline.workflow.RetryPolicy;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HarnessTriggerPipelineToolTest {
  final FakeTime time = new FakeTime();
  final List<String> progress = new CopyOnWriteArrayList<>();
  FakeHarnessServer fake;
  HarnessConfig config;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeHarnessServer(time);
    config = HarnessConfig.of("default", "payments", fake.baseUrl());
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  Function<HarnessConfig, HarnessClient> clients(Map<String, String> env) {
    return c -> HarnessClient.fromEnvironment(c, env, new Retrier(RetryPolicy.DEFAULT.forAnyState(), time),
        Retrier.Listener.NONE, time);
  }

  HarnessTriggerPipelineTool tool() {
    return new HarnessTriggerPipelineTool(() -> config, clients(Map.of("HARNESS_API_KEY", FakeHarnessServer.KEY)),
        time, time);
  }

  McpSchema.CallToolResult call(HarnessTriggerPipelineTool tool, Map<String, Object> args) {
    return tool.call(args, (p, total, message) -> progress.add(message));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> structured(McpSchema.CallToolResult r) {
    return (Map<String, Object>) r.structuredContent();
  }

  @Test
  void startsWithoutWaiting() {
    fake.pipeline("deploy-dev", Script.of("Running"));

    McpSchema.CallToolResult r = call(tool(), Map.of("pipeline", "deploy-dev", "inputs", Map.of("imageTag", "1.4.2",
        "replicas", 3)));

    assertThat(r.isError()).isFalse();
    Map<String, Object> s = structured(r);
    assertThat(s).containsEntry("pipeline", "deploy-dev").containsEntry("status", "Started")
        .containsEntry("finished", false);
    assertThat((String) s.get("url")).endsWith("/executions/" + s.get("executionId") + "/pipeline");
    String body = fake.executes().get(0).body();
    assertThat(RuntimeInputs.variable(body, "imageTag")).contains("1.4.2");
    assertThat(body).contains("type: Number");
    assertThat(fake.received("GET", "/pipeline/api/pipelines/execution/v2/")).isEmpty();
    assertThat(progress).isEmpty();
  }

  @Test
  void waitsWithProgressUntilSuccess() {
    fake.pipeline("deploy-dev", Script.of("Running", "ApprovalWaiting", "Success"));

    McpSchema.CallToolResult r = call(tool(), Map.of("pipeline", "deploy-dev", "wait", true));

    Map<String, Object> s = structured(r);
    assertThat(s).containsEntry("status", "Success").containsEntry("finished", true).containsEntry("succeeded", true);
    assertThat(progress).hasSize(4).first().asString().startsWith("started deploy-dev execution");
    assertThat(progress).contains("deploy-dev: ApprovalWaiting", "deploy-dev: Success");
    assertThat(r.content()).singleElement().asString().contains("Success");
  }

  @Test
  void aFailedRunReportsTheFailingStage() {
    fake.pipeline("deploy-prod", Script.of("Running", "Expired").failingAt("Approve prod", "approval timed out"));

    Map<String, Object> s = structured(call(tool(), Map.of("pipeline", "deploy-prod", "wait", true)));

    assertThat(s).containsEntry("status", "Expired").containsEntry("finished", true)
        .containsEntry("succeeded", false).containsEntry("failingStage", "Approve prod")
        .containsEntry("message", "approval timed out");
    assertThat((String) s.get("nextStep")).contains("Approve prod");
  }

  @Test
  void stopsWaitingAtTheTimeoutWithoutAborting() {
    fake.pipeline("deploy-prod", Script.of("Running"));

    Map<String, Object> s = structured(call(tool(), Map.of("pipeline", "deploy-prod", "wait", true,
        "timeoutSeconds", 20)));

    assertThat(s).containsEntry("status", "Running").containsEntry("finished", false);
    assertThat((String) s.get("nextStep")).contains("keeps running");
    assertThat(fake.received("PUT", "/pipeline/api/pipeline/execute/interrupt/")).isEmpty();
    assertThat(time.sleeps().stream().mapToLong(Duration::toMillis).sum()).isEqualTo(20_000);
  }

  @Test
  void missingConfigIsAnErrorWithTheFix() {
    var tool = new HarnessTriggerPipelineTool(() -> null, clients(Map.of()), time, time);

    McpSchema.CallToolResult r = call(tool, Map.of("pipeline", "deploy-dev"));

    assertThat(r.isError()).isTrue();
    assertThat(structured(r)).containsEntry("error", "Harness is not configured: the project config has no "
        + "'harness' section");
    assertThat((String) structured(r).get("nextStep")).contains("orgId", "HARNESS_API_KEY");
  }

  @Test
  void missingKeyNamesTheVariable() {
    var tool = new HarnessTriggerPipelineTool(() -> config, clients(Map.of()), time, time);

    McpSchema.CallToolResult r = call(tool, Map.of("pipeline", "deploy-dev"));

    assertThat(r.isError()).isTrue();
    assertThat((String) structured(r).get("error")).contains("HARNESS_API_KEY is not set");
    assertThat(fake.received()).isEmpty();
  }

  @Test
  void unknownPipelineSaysHowToFindTheIdentifier() {
    McpSchema.CallToolResult r = call(tool(), Map.of("pipeline", "deploy-moon"));

    assertThat(r.isError()).isTrue();
    assertThat((String) structured(r).get("error")).contains("HTTP 404", "Pipeline [deploy-moon]",
        "correlationId");
    assertThat((String) structured(r).get("nextStep")).contains("pipeline identifier");
    assertThat(r.toString()).doesNotContain(FakeHarnessServer.KEY);
  }

  @Test
  void badArgumentsNameTheField() {
    assertThat(structured(call(tool(), Map.of("pipeline", "Deploy Prod!"))).get("error").toString())
        .startsWith("pipeline: must be a Harness pipeline identifier");
    assertThat(structured(call(tool(), Map.of("pipeline", "x", "timeoutSeconds", 0))).get("error").toString())
        .startsWith("timeoutSeconds:");
    assertThat(structured(call(tool(), Map.of("pipeline", "x", "inputs", Map.of("a", List.of(1))))).get("error")
        .toString()).startsWith("inputs.a:");
    assertThat(fake.received()).isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void definitionDescribesTheTool() {
    McpSchema.Tool t = tool().definition();

    assertThat(t.name()).isEqualTo("harness_trigger_pipeline");
    assertThat(t.annotations().readOnlyHint()).isFalse();
    assertThat(t.annotations().idempotentHint()).isFalse();
    assertThat(t.inputSchema()).containsEntry("required", List.of("pipeline"))
        .containsEntry("additionalProperties", false);
    assertThat(((Map<String, Object>) t.inputSchema().get("properties")).keySet()).containsExactlyInAnyOrder("pipeline", "org", "project",
        "inputs", "wait", "timeoutSeconds");
    assertThat(t.outputSchema()).containsKey("properties");
  }
}
