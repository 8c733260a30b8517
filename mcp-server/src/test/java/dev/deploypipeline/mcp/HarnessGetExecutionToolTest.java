package dev.deploypipeline.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.app.App;
import dev.deploypipeline.deploy.HarnessTriggers;
import dev.deploypipeline.harness.FakeHarnessServer;
import dev.deploypipeline.harness.HarnessDeploymentTest;
import dev.deploypipeline.testutil.TestProjects;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import dev.deploypipeline.harness.FakeHarnessServer.Script;
import dev.deploypipeline.harness.FakeTime;
import dev.deploypipeline.harness.HarnessClient;
import dev.deploypipeline.workflow.Retrier;
import dev.deploypipeline.workflow.RetryPolicy;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HarnessGetExecutionToolTest {
  final FakeTime time = new FakeTime();
  FakeHarnessServer fake;
  HarnessGetExecutionTool tool;

  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeHarnessServer(time);
    TestProjects.gitProject(dir, HarnessDeploymentTest.config(fake.baseUrl()));
    Map<String, String> env = Map.of("HARNESS_API_KEY", FakeHarnessServer.KEY);
    tool = new HarnessGetExecutionTool(new HarnessTriggers(App.service(dir, env, time, time, List.of()), env,
        c -> HarnessClient.fromEnvironment(c, env, new Retrier(RetryPolicy.DEFAULT, time), Retrier.Listener.NONE,
            time), time, time));
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> structured(McpSchema.CallToolResult r) {
    return (Map<String, Object>) r.structuredContent();
  }

  @Test
  void readsAFailedExecution() {
    fake.pipeline("deploy-prod", Script.of("Failed").failingAt("Deploy", "rollout stuck"));
    String id = fake.existingRun("deploy-prod", "");

    Map<String, Object> s = structured(tool.call(ToolContext.NONE, Map.of("executionId", id)));

    assertThat(s).containsEntry("pipeline", "deploy-prod").containsEntry("status", "Failed")
        .containsEntry("finished", true).containsEntry("succeeded", false).containsEntry("failingStage", "Deploy")
        .containsEntry("message", "rollout stuck");
    assertThat((String) s.get("url")).endsWith("/pipelines/deploy-prod/executions/" + id + "/pipeline");
    assertThat(tool.definition().annotations().readOnlyHint()).isTrue();
  }

  @Test
  void unknownExecutionIsAnError() {
    McpSchema.CallToolResult r = tool.call(ToolContext.NONE, Map.of("executionId", "nope"));

    assertThat(r.isError()).isTrue();
    assertThat((String) structured(r).get("error")).contains("HTTP 404", "correlationId");
    assertThat(tool.call(ToolContext.NONE, Map.of()).isError()).isTrue();
  }
}
