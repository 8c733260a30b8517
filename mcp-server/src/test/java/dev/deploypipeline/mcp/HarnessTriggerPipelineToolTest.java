package dev.deploypipeline.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.app.App;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.HarnessTriggers;
import dev.deploypipeline.harness.FakeHarnessServer;
import dev.deploypipeline.harness.HarnessDeploymentTest;
import dev.deploypipeline.store.AuditEntry;
import dev.deploypipeline.testutil.TestProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
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

/**
 * The tool over a real project (git, config with a harness section, file store) and the Harness emulator: scope,
 * gated pipelines and the audit line are the service's rules ({@link HarnessTriggers}), checked through the tool.
 */
class HarnessTriggerPipelineToolTest {
  static final String SECRET_INPUT = "s3cr3t-input-token-value";
  final FakeTime time = new FakeTime();
  final List<String> progress = new CopyOnWriteArrayList<>();
  @TempDir Path dir;
  FakeHarnessServer fake;
  DeploymentService service;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeHarnessServer(time);
    TestProjects.gitProject(dir, HarnessDeploymentTest.config(fake.baseUrl()).replace("\"rollback\":{},\"requiresApproval\"",
        "\"rollback\":{\"pipeline\":\"restore-prod-db\"},\"requiresApproval\""));
    service = service(Map.of("HARNESS_API_KEY", FakeHarnessServer.KEY, "DEPLOY_TOKEN", SECRET_INPUT));
  }

  DeploymentService service(Map<String, String> env) {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("DEPLOY_PIPELINE_USER", "agent@example.com");
    return App.service(dir, all, time, time, List.of());
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  HarnessTriggerPipelineTool tool(DeploymentService s, Map<String, String> env) {
    Function<HarnessConfig, HarnessClient> clients = c -> HarnessClient.fromEnvironment(c, env,
        new Retrier(RetryPolicy.DEFAULT.forAnyState(), time), Retrier.Listener.NONE, time);
    return new HarnessTriggerPipelineTool(new HarnessTriggers(s, env, clients, time, time));
  }

  HarnessTriggerPipelineTool tool() {
    return tool(service, Map.of("HARNESS_API_KEY", FakeHarnessServer.KEY, "DEPLOY_TOKEN", SECRET_INPUT));
  }

  List<AuditEntry> audit(String event) {
    return service.audit(null).stream().filter(e -> e.event().equals(event)).toList();
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
    assertThat(audit("HARNESS_TRIGGERED")).singleElement().satisfies(e -> {
      assertThat(e.actor()).isEqualTo("agent@example.com");
      assertThat(e.deploymentId()).isNull();
      assertThat(e.details()).containsEntry("pipeline", "deploy-dev").containsEntry("executionId",
          s.get("executionId")).containsEntry("channel", "mcp").containsEntry("org", "default");
      assertThat((String) e.details().get("inputs")).contains("imageTag", "1.4.2");
    });
  }

  @Test
  void aCallerTheTransportNamesIsTheActor() {
    fake.pipeline("deploy-dev", Script.of("Running"));
    McpSchema.CallToolResult r = tool().call(Map.of("pipeline", "deploy-dev"), (p, total, message) -> { },
        "alice@example.com");
    assertThat(r.isError()).isFalse();
    assertThat(audit("HARNESS_TRIGGERED")).singleElement()
        .satisfies(e -> assertThat(e.actor()).isEqualTo("alice@example.com"));
  }

  @Test
  void auditedInputsAreRedacted() {
    fake.pipeline("deploy-dev", Script.of("Running"));
    assertThat(call(tool(), Map.of("pipeline", "deploy-dev", "inputs", Map.of("apiKey", FakeHarnessServer.KEY)))
        .isError()).isFalse();
    assertThat(audit("HARNESS_TRIGGERED")).singleElement().satisfies(e ->
        assertThat(e.details().get("inputs").toString()).contains("apiKey").doesNotContain(FakeHarnessServer.KEY));
  }

  @Test
  void aPipelineOfAGatedEnvironmentIsRefusedOutsideADeployment() {
    for (String pipeline : List.of("deploy-prod", "rollback-prod", "restore-prod-db")) {
      fake.pipeline(pipeline, Script.of("Success"));
      McpSchema.CallToolResult r = call(tool(), Map.of("pipeline", pipeline));
      assertThat(r.isError()).as(pipeline).isTrue();
      assertThat((String) structured(r).get("error")).contains("pipeline '" + pipeline + "' deploys or rolls back "
          + "prod, which requires approval");
      assertThat((String) structured(r).get("nextStep")).startsWith("call deploy_start with service 'payments'");
    }
    assertThat(fake.executes()).isEmpty();
    assertThat(audit("REFUSED")).hasSize(3).allSatisfy(e -> assertThat(e.details())
        .containsEntry("rule", "gatedPipeline").containsEntry("attempted", "HARNESS_TRIGGER"));
    // staging has no gate: its pipeline runs
    fake.pipeline("deploy-staging", Script.of("Running"));
    assertThat(call(tool(), Map.of("pipeline", "deploy-staging")).isError()).isFalse();
  }

  @Test
  void anUncommittedEditRemovingTheProdGateDoesNotOpenTheSideDoor() throws Exception {
    Path config = dir.resolve(".claude/deployment-config.json");
    Files.writeString(config, Files.readString(config).replace("\"requiresApproval\":true",
        "\"requiresApproval\":false"));
    fake.pipeline("deploy-prod", Script.of("Success"));
    assertThat(call(tool(), Map.of("pipeline", "deploy-prod")).isError()).isTrue();
    assertThat(fake.executes()).isEmpty();
  }

  @Test
  void anotherOrgOrProjectIsRefused() {
    fake.pipeline("deploy-dev", Script.of("Running"));
    McpSchema.CallToolResult org = call(tool(), Map.of("pipeline", "deploy-dev", "org", "other"));
    assertThat(org.isError()).isTrue();
    assertThat((String) structured(org).get("error")).contains("org 'other' is not the configured harness.orgId "
        + "('default')");
    McpSchema.CallToolResult project = call(tool(), Map.of("pipeline", "deploy-dev", "project", "billing"));
    assertThat((String) structured(project).get("error")).contains("project 'billing' is not the configured "
        + "harness.projectId ('payments')");
    assertThat(fake.executes()).isEmpty();
    assertThat(audit("REFUSED")).hasSize(2).allSatisfy(e -> assertThat(e.details()).containsEntry("rule", "scope"));
    // naming the configured scope explicitly is fine
    assertThat(call(tool(), Map.of("pipeline", "deploy-dev", "org", "default", "project", "payments")).isError())
        .isFalse();
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
    fake.pipeline("deploy-staging", Script.of("Running", "Expired").failingAt("Approve", "approval timed out"));

    Map<String, Object> s = structured(call(tool(), Map.of("pipeline", "deploy-staging", "wait", true)));

    assertThat(s).containsEntry("status", "Expired").containsEntry("finished", true)
        .containsEntry("succeeded", false).containsEntry("failingStage", "Approve")
        .containsEntry("message", "approval timed out");
    assertThat((String) s.get("nextStep")).contains("Approve");
  }

  @Test
  void stopsWaitingAtTheTimeoutWithoutAborting() {
    fake.pipeline("deploy-staging", Script.of("Running"));

    Map<String, Object> s = structured(call(tool(), Map.of("pipeline", "deploy-staging", "wait", true,
        "timeoutSeconds", 20)));

    assertThat(s).containsEntry("status", "Running").containsEntry("finished", false);
    assertThat((String) s.get("nextStep")).contains("keeps running");
    assertThat(fake.received("PUT", "/pipeline/api/pipeline/execute/interrupt/")).isEmpty();
    assertThat(time.sleeps().stream().mapToLong(Duration::toMillis).sum()).isEqualTo(20_000);
  }

  @Test
  void missingConfigIsAnErrorWithTheFix() throws Exception {
    Path config = dir.resolve(".claude/deployment-config.json");
    Files.writeString(config, Files.readString(config).replaceAll(",\\s*\"harness\":\\{[^}]*}", ""));
    var tool = tool(service, Map.of());

    McpSchema.CallToolResult r = call(tool, Map.of("pipeline", "deploy-dev"));

    assertThat(r.isError()).isTrue();
    assertThat(structured(r)).containsEntry("error", "Harness is not configured: the project config has no "
        + "'harness' section");
    assertThat((String) structured(r).get("nextStep")).contains("orgId", "HARNESS_API_KEY");
  }

  @Test
  void missingKeyNamesTheVariable() {
    var tool = tool(service, Map.of());

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
