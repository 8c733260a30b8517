package dev.deploypipeline.mcp;

import static dev.deploypipeline.mcp.ToolCase.error;
import static dev.deploypipeline.mcp.ToolCase.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeployStatusToolTest extends SeededProjectTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        ok("no id: overview", Map.of(), "1 active deployment(s)"),
        ok("completed deployment", Map.of("deploymentId", "d-1"), "d-1 is completed."),
        ok("rolled back deployment", Map.of("deploymentId", "d-2"), "d-2 is rolled-back."),
        ok("at the gate", Map.of("deploymentId", "d-3"), "/deploy:approve d-3"),
        error("unknown id", Map.of("deploymentId", "d-999"), "no deployment with id 'd-999'"),
        error("unknown id names the listing tools", Map.of("deploymentId", "d-998"),
            "list deployments with deploy_status {} or deploy_history {}"),
        error("id without number", Map.of("deploymentId", "d-"), "deploymentId: 'd-' is not a deployment id"),
        error("id as plain number text", Map.of("deploymentId", "42"), "deploymentId: '42' is not"),
        error("id of wrong type", Map.of("deploymentId", 42), "deploymentId: must be a string"),
        error("empty id", Map.of("deploymentId", " "), "deploymentId: must not be empty"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void table(ToolCase c) {
    c.run(p.tool("deploy_status"));
  }

  @Test
  void unknownIdPointsAtHistoryToo() {
    var r = p.tool("deploy_status").call(ToolContext.NONE, Map.of("deploymentId", "d-77"));
    assertThat(ToolResultChecks.structured(r).get("nextStep")).asString().contains("deploy_status", "deploy_history");
  }

  @Test
  void overviewListsActiveAndLatest() {
    var s = ToolResultChecks.structured(p.tool("deploy_status").call(ToolContext.NONE, null));
    assertThat(s.get("active")).asList().hasSize(1);
    assertThat(s.get("latestPerService")).asString().contains("d-3");
  }
}
