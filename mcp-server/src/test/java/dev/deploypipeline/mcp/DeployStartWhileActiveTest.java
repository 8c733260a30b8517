package dev.deploypipeline.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A start refused because d-3 of the seeded project waits at the gate says, in tool calls, how to get past it. */
class DeployStartWhileActiveTest extends SeededProjectTest {
  @Test
  void theRefusalNamesTheActiveDeploymentAndTheCallsToApproveRejectOrRollItBack() {
    var r = p.tool("deploy_start").call(ToolContext.NONE, java.util.Map.of("service", "demo", "branch", "main"));
    assertThat(r.isError()).isTrue();
    String next = (String) ToolResultChecks.structured(r).get("nextStep");
    assertThat(next).startsWith("d-3 (awaiting-approval) holds demo: waiting for a human to approve prod: "
            + "/deploy:approve d-3 in Claude Code")
        .contains("deploy_approve {\"deploymentId\":\"d-3\",\"decision\":\"reject\",\"comment\":\"<reason>\"}",
            "deploy_rollback {\"deploymentId\":\"d-3\",\"reason\":\"<reason>\"} undoes dev and staging");
  }
}
