package dev.deploypipeline.mcp.stdio;

import dev.deploypipeline.mcp.TestProject;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A waiting call reports each state it sees as progress, which is also what keeps a client's idle timer alive. */
class McpProgressTest {
  @TempDir
  Path dir;

  @Test
  void startWithWaitSendsProgressUntilTheGate() throws Exception {
    try (TestProject project = TestProject.create(dir, TestProject.GOOD_CONFIG);
        ServerUnderTest server = new ServerUnderTest(project.tools())) {
      server.handshake();
      server.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"deploy_start\","
          + "\"arguments\":{\"service\":\"demo\",\"branch\":\"main\",\"wait\":true},"
          + "\"_meta\":{\"progressToken\":\"tok-1\"}}}");
      JsonNode result = server.response(2).get("result");
      assertThat(result.get("isError").asBoolean()).isFalse();
      assertThat(result.at("/structuredContent/state").asString()).isEqualTo("awaiting-approval");

      List<JsonNode> progress = server.notifications.stream()
          .filter(n -> n.get("method").asString().equals("notifications/progress")).toList();
      assertThat(progress).isNotEmpty().allSatisfy(n -> {
        assertThat(n.at("/params/progressToken").asString()).isEqualTo("tok-1");
        assertThat(n.at("/params/total").asDouble()).isPositive();
      });
      assertThat(progress.get(progress.size() - 1).at("/params/message").asString())
          .isEqualTo("d-1: awaiting-approval");
      double[] values = progress.stream().mapToDouble(n -> n.at("/params/progress").asDouble()).toArray();
      for (int i = 1; i < values.length; i++) {
        assertThat(values[i]).as("progress never goes back").isGreaterThan(values[i - 1]);
      }
    }
  }

  @Test
  void withoutATokenNoProgressIsSent() throws Exception {
    try (TestProject project = TestProject.create(dir, TestProject.GOOD_CONFIG);
        ServerUnderTest server = new ServerUnderTest(project.tools())) {
      server.handshake();
      server.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"deploy_start\","
          + "\"arguments\":{\"service\":\"demo\",\"branch\":\"main\",\"wait\":true}}}");
      assertThat(server.response(2).at("/result/structuredContent/state").asString()).isEqualTo("awaiting-approval");
      assertThat(server.notifications).isEmpty();
    }
  }
}
