package dev.deploypipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.app.App;
import dev.deploypipeline.approval.Approver;
import dev.deploypipeline.testutil.RecordingSleeper;
import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.testutil.TestProjects;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate against edits of the working tree, in a real git repository: only the stricter rules count. */
class PolicyTamperTest {
  @TempDir Path dir;
  @TempDir Path home;
  final TestClock clock = TestClock.at("2026-11-25T10:00:00Z");

  DeploymentService service(Map<String, String> env) {
    return App.service(dir, env, clock, new RecordingSleeper(clock), List.of());
  }

  @Test
  void anUncommittedEditThatRemovesTheGateIsIgnoredWithAWarning() throws Exception {
    TestProjects.gitProject(dir, GateTest.config("\"approvers\":[\"lead@example.com\"]", null));
    Path config = dir.resolve(".claude/deployment-config.json");
    Files.writeString(config, GateTest.config(null, null).replace("\"requiresApproval\":true",
        "\"requiresApproval\":false"));
    DeploymentService s = service(Map.of());
    Deployment d = s.drive(s.start("svc", "main", null, "agent", "mcp").id());
    assertThat(d.state()).as("the engine still stops at the gate").isEqualTo(State.AWAITING_APPROVAL);
    var policy = s.approvals().policy(d);
    assertThat(policy.gate().requiresApproval()).isTrue();
    assertThat(policy.gate().approvers()).containsExactly("lead@example.com");
    assertThat(policy.warnings()).singleElement().asString()
        .contains("ignored: the working tree's .claude/deployment-config.json would weaken the approval gate")
        .contains("environments.prod.requiresApproval is false here but true in force")
        .contains("environments.prod.approvers is empty here; in force: lead@example.com");
    assertThat(s.approvals().policyForRef("svc", "main").warnings()).isEqualTo(policy.warnings());
    // and an accepted form cannot satisfy the committed approvers list
    assertThatThrownBy(() -> s.approvals().decide(d.id(), "approve", Approver.clicked("agent", "mcp-elicitation"),
        null)).hasMessageContaining("names approvers (lead@example.com)");
  }

  @Test
  void aStricterWorkingTreeAppliesAndAnUncommittedConfigAppliesWithAWarning() throws Exception {
    TestProjects.gitProject(dir, GateTest.config(null, null));
    Files.writeString(dir.resolve(".claude/deployment-config.json"),
        GateTest.config("\"preventSelfApproval\":true", null));
    DeploymentService s = service(Map.of());
    var p = s.approvals().policyForRef("svc", "main");
    assertThat(p.gate().preventSelfApproval()).isTrue();
    assertThat(p.warnings()).isEmpty();

    TestProjects.git(dir, "rm", "-q", "--cached", ".claude/deployment-config.json");
    TestProjects.commit(dir, "untrack config");
    assertThat(s.approvals().policyForRef("svc", "main").warnings()).singleElement().asString()
        .contains(".claude/deployment-config.json is not committed at");
  }

  @Test
  void theUserPolicyAddsRulesTheProjectCannotRemove() throws Exception {
    TestProjects.gitProject(dir, GateTest.config(null, null).replace("\"requiresApproval\":true",
        "\"requiresApproval\":false"));
    Path policy = home.resolve("policy.json");
    Files.writeString(policy, "{\"services\": {\"svc\": {\"environments\": {\"prod\": {\"requiresApproval\": true, "
        + "\"approvers\": [\"lead@example.com\"]}}}}}");
    DeploymentService s = service(Map.of("DEPLOY_PIPELINE_POLICY", policy.toString()));
    Deployment d = s.drive(s.start("svc", "main", null, "agent", "mcp").id());
    assertThat(d.state()).isEqualTo(State.AWAITING_APPROVAL);
    assertThat(s.approvals().policy(d).sources()).contains(policy.toString());
    Files.writeString(policy, "{\"environments\": {\"prod\": {\"requiresApproval\": \"no\"}}}");
    assertThatThrownBy(() -> s.approvals().policy(d)).hasMessageContaining(
        "environments.prod.requiresApproval: must be true or false");
  }
}
