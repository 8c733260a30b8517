package dev.deploypipeline.mcp;

import static dev.deploypipeline.mcp.ToolCase.error;
import static dev.deploypipeline.mcp.ToolCase.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A fresh project per row, because a successful start occupies the service. */
class DeployStartToolTest {
  @TempDir
  Path dir;
  TestProject p;

  @BeforeEach
  void create() throws Exception {
    p = TestProject.create(dir, TestProject.GOOD_CONFIG);
  }

  @AfterEach
  void close() {
    p.close();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        ok("branch, waiting for the gate", Map.of("service", "demo", "branch", "main", "wait", true),
            "Deployment d-1 of demo@"),
        ok("exact commit", Map.of("service", "demo", "branch", "main", "commit", "HEAD", "wait", true),
            "is awaiting-approval."),
        error("missing service", Map.of("branch", "main"), "service: is required"),
        error("missing branch", Map.of("service", "demo"), "branch: is required (a git branch name; or give environment and version instead)"),
        error("service not a name", Map.of("service", "Demo!", "branch", "main"), "service: 'Demo!' is not"),
        error("service of wrong type", Map.of("service", 42, "branch", "main"), "service: must be a string"),
        error("service not configured", Map.of("service", "billing", "branch", "main"),
            "service 'billing' is not configured in this project; .claude/deployment-config.json deploys 'demo'"),
        error("branch with spaces", Map.of("service", "demo", "branch", "my branch"), "branch: 'my branch' is not"),
        error("unknown branch", Map.of("service", "demo", "branch", "nope"), "branch 'nope' does not exist"),
        error("unknown commit", Map.of("service", "demo", "branch", "main", "commit", "deadbeef"),
            "commit 'deadbeef' does not exist"),
        error("wait as text", Map.of("service", "demo", "branch", "main", "wait", "yes"),
            "wait: must be true or false"),
        error("timeout zero", Map.of("service", "demo", "branch", "main", "waitTimeoutSeconds", 0),
            "waitTimeoutSeconds: must be from 1 to 3600, got 0"),
        error("timeout fractional", Map.of("service", "demo", "branch", "main", "waitTimeoutSeconds", 1.5),
            "waitTimeoutSeconds: must be a whole number"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void table(ToolCase c) {
    c.run(p.tool("deploy_start"));
    if (c.expectError()) {
      assertThat(p.service.history(dev.deploypipeline.store.HistoryQuery.all(10)).deployments())
          .as("a refused start creates nothing").isEmpty();
    }
  }
}
