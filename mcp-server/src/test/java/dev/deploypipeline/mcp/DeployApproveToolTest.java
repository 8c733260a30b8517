package dev.deploypipeline.mcp;

import static dev.deploypipeline.mcp.ToolCase.error;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Refusals only: none of these may change a deployment (successes are in {@link ToolHappyPathTest}). */
class DeployApproveToolTest extends SeededProjectTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        error("completed deployment", Map.of("deploymentId", "d-1", "decision", "approve"),
            "deployment d-1 is in 'completed'"),
        error("completed deployment lists legal events", Map.of("deploymentId", "d-1", "decision", "approve"),
            "legal now: ROLLBACK"),
        error("rolled back deployment", Map.of("deploymentId", "d-2", "decision", "reject"),
            "legal now: none (the deployment is finished)"),
        error("unknown id", Map.of("deploymentId", "d-404", "decision", "approve"), "no deployment with id 'd-404'"),
        error("missing id", Map.of("decision", "approve"), "deploymentId: is required"),
        error("bad id", Map.of("deploymentId", "3", "decision", "approve"), "deploymentId: '3' is not"),
        error("missing decision", Map.of("deploymentId", "d-3"), "decision: is required; one of [approve, reject]"),
        error("decision not in enum", Map.of("deploymentId", "d-3", "decision", "maybe"),
            "decision: must be one of [approve, reject], got 'maybe'"),
        error("decision of wrong type", Map.of("deploymentId", "d-3", "decision", true), "got a boolean"),
        error("comment of wrong type", Map.of("deploymentId", "d-3", "decision", "approve", "comment", 5),
            "comment: must be a string"),
        error("wait as text", Map.of("deploymentId", "d-3", "decision", "approve", "wait", "true"),
            "wait: must be true or false"),
        error("timeout out of range", Map.of("deploymentId", "d-3", "decision", "approve",
            "waitTimeoutSeconds", 99999), "waitTimeoutSeconds: must be from 1 to 3600, got 99999"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void table(ToolCase c) {
    c.run(p.tool("deploy_approve"));
    // d-3 is untouched by every refusal.
    org.assertj.core.api.Assertions.assertThat(p.service.get("d-3").state().id()).isEqualTo("awaiting-approval");
  }
}
