package dev.deploypipeline.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.app.App;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.harness.FakeHarnessServer.Fault;
import dev.deploypipeline.harness.FakeHarnessServer.Script;
import dev.deploypipeline.mcp.McpTool;
import dev.deploypipeline.mcp.ToolContext;
import dev.deploypipeline.mcp.Tools;
import dev.deploypipeline.testutil.TestProjects;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.State;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After deployments that succeed, fail, hit rate limits and gateway errors, and after every Harness and deploy
 * tool has answered, the API key is in no file under the deployment store (state, audit, stage logs), not on
 * stderr (where SLF4J logs), and not in any tool result.
 */
class HarnessSecretScanTest {
  static final String SECRET_PART = "s3cr3tValueNeverShown";

  @TempDir Path dir;
  final FakeTime time = new FakeTime();

  @Test
  void theApiKeyAppearsNowhere() throws Exception {
    StringBuilder everything = new StringBuilder();
    PrintStream realErr = System.err;
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    try (FakeHarnessServer fake = new FakeHarnessServer(time)) {
      for (String p : HarnessDeploymentTest.PIPELINES) fake.pipeline(p, Script.of("Running", "Success"));
      fake.pipeline("deploy-staging", Script.of("Running", "Failed").failingAt("Rollout", "image pull failed"));
      fake.fault("execute", Fault.http(429, Map.of("Retry-After", "7"), FakeHarnessServer.error("TOO_MANY_REQUESTS",
          "rate limit exceeded")));
      fake.fault("status", Fault.http(502, "<html>bad gateway</html>"), Fault.http(503, ""));
      TestProjects.gitProject(dir, HarnessDeploymentTest.config(fake.baseUrl()));
      Map<String, String> env = Map.of("HARNESS_API_KEY", FakeHarnessServer.KEY);
      DeploymentService s = App.service(dir, env, time, time, List.of());

      Deployment failed = s.drive(s.start("payments", "main", null, "alice@example.com").id());
      assertThat(failed.state()).isEqualTo(State.FAILED);
      assertThat(failed.error()).contains("image pull failed");
      assertThat(time.sleeps()).as("Retry-After honoured").contains(java.time.Duration.ofSeconds(7));

      Map<String, McpTool> tools = Tools.all(s, env, time, time).stream()
          .collect(java.util.stream.Collectors.toMap(t -> t.definition().name(), t -> t));
      everything.append(text(tools.get("deploy_status").call(ToolContext.NONE, Map.of("deploymentId", failed.id()))));
      everything.append(text(tools.get("deploy_history").call(ToolContext.NONE, Map.of())));
      String executionId = failed.stage("deploying-staging").orElseThrow().external().get("harness.executionId");
      McpSchema.CallToolResult get = tools.get("harness_get_execution").call(ToolContext.NONE,
          Map.of("executionId", executionId));
      assertThat(get.isError()).isFalse();
      everything.append(text(get));
      McpSchema.CallToolResult trigger = tools.get("harness_trigger_pipeline").call(ToolContext.NONE,
          Map.of("pipeline", "deploy-staging", "wait", true));
      everything.append(text(trigger));
      McpSchema.CallToolResult unknown = tools.get("harness_trigger_pipeline").call(ToolContext.NONE,
          Map.of("pipeline", "no-such-pipeline"));
      assertThat(unknown.isError()).isTrue();
      everything.append(text(unknown));

      // A second deployment that succeeds end to end.
      fake.pipeline("deploy-staging", Script.of("Running", "Success"));
      Deployment ok = s.drive(s.start("payments", "main", null, "alice@example.com").id());
      s.decide(ok.id(), "approve", "bob@example.com", null);
      ok = s.drive(ok.id());
      assertThat(ok.state()).isEqualTo(State.COMPLETED);
      everything.append(text(tools.get("deploy_status").call(ToolContext.NONE, Map.of("deploymentId", ok.id()))));
      s.shutdown();

      // Wrong key: the 401 answer must name the variable without echoing either key.
      Map<String, String> wrong = Map.of("HARNESS_API_KEY", "pat." + FakeHarnessServer.ACCOUNT + ".tok9.wrongSecret");
      McpSchema.CallToolResult unauthorized = Tools.all(s, wrong, time, time).stream()
          .filter(t -> t.definition().name().equals("harness_get_execution")).findFirst().orElseThrow()
          .call(ToolContext.NONE, Map.of("executionId", executionId));
      assertThat(unauthorized.isError()).isTrue();
      assertThat(text(unauthorized)).contains("HARNESS_API_KEY").doesNotContain("wrongSecret");
      everything.append(text(unauthorized));
    } finally {
      System.setErr(realErr);
    }

    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir.resolve(".claude"))) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).as("state, audit and stage logs were written")
        .anySatisfy(p -> assertThat(p.toString()).endsWith(".log"))
        .anySatisfy(p -> assertThat(p.toString()).contains("audit"));
    for (Path f : files) everything.append(read(f));
    everything.append(stderr.toString(StandardCharsets.UTF_8));

    String all = everything.toString();
    assertThat(all).contains("harness.executionUrl").contains("image pull failed");
    assertThat(all).doesNotContain(FakeHarnessServer.KEY, SECRET_PART, "tok456");
  }

  static String text(McpSchema.CallToolResult r) {
    return String.valueOf(r.structuredContent()) + r.content();
  }

  static String read(Path f) {
    try {
      return new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
