package dev.deploypipeline.mcp;

import static dev.deploypipeline.mcp.ToolCase.error;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Refusals only: none of these may change a deployment (successes are in {@link ToolHappyPathTest}). */
class DeployRollbackToolTest extends SeededProjectTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        error("already rolled back", Map.of("deploymentId", "d-2", "reason", "again"),
            "deployment d-2 is in 'rolled-back'"),
        error("already rolled back says nothing is legal", Map.of("deploymentId", "d-2", "reason", "again"),
            "legal now: none"),
        error("unknown id", Map.of("deploymentId", "d-500", "reason", "bad build"), "no deployment with id 'd-500'"),
        error("neither id nor environment", Map.of("reason", "bad build"),
            "deploymentId or environment: give one of them"),
        error("unknown environment", Map.of("environment", "qa", "reason", "bad build"),
            "environment: 'qa' is not an environment of this project (configured: dev, staging, prod)"),
        error("toVersion without environment", Map.of("deploymentId", "d-1", "toVersion", "1.0.0",
            "reason", "bad build"), "toVersion: needs environment"),
        error("toVersion never deployed there", Map.of("environment", "prod", "toVersion", "9.9.9-nope",
            "reason", "bad build"), "version 9.9.9-nope was never deployed to prod"),
        error("id of wrong type", Map.of("deploymentId", 1, "reason", "bad build"), "deploymentId: must be a string"),
        error("missing reason", Map.of("deploymentId", "d-1"), "reason: is required"),
        error("empty reason", Map.of("deploymentId", "d-1", "reason", ""), "reason: must not be empty"),
        error("reason of wrong type", Map.of("deploymentId", "d-1", "reason", 7), "reason: must be a string"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void table(ToolCase c) {
    c.run(p.tool("deploy_rollback"));
    assertThat(p.service.get("d-1").state().id()).isEqualTo("completed");
    assertThat(p.service.get("d-3").state().id()).isEqualTo("awaiting-approval");
  }
}
