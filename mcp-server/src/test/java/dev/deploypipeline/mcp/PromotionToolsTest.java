package dev.deploypipeline.mcp;

import static dev.deploypipeline.mcp.ToolCase.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.approval.Approver;
import dev.deploypipeline.deploy.DeployException;
import dev.deploypipeline.deploy.Promotion;
import dev.deploypipeline.deploy.PromotionOverrides;
import dev.deploypipeline.store.AuditEntry;
import dev.deploypipeline.store.HistoryQuery;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Release;
import dev.deploypipeline.workflow.State;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy_start {environment, version} and deploy_promote on real projects (git, bash stage commands, the real
 * service): a version walks dev → qa → staging → prod, a parallel group is one step, the promotion rule refuses a
 * skip (audited), and only a verified human's override passes it (audited too).
 */
class PromotionToolsTest {
  static final String FOUR = """
      {"service": "demo", "path": ["dev", "qa", "staging", "prod"],
       "stages": {"validate": {"command": "true"}, "build": {"command": "true"}, "test": {"command": "true"}},
       "environments": {
         "dev": {"deploy": {"command": "echo deployed dev $VERSION"}, "rollback": {"command": "true"}},
         "qa": {"deploy": {"command": "echo deployed qa $VERSION"}, "rollback": {"command": "true"}},
         "staging": {"deploy": {"command": "echo deployed staging $VERSION"}, "rollback": {"command": "true"}},
         "prod": {"deploy": {"command": "echo deployed prod $VERSION"}, "rollback": {"command": "true"}}},
       "retry": {"maxAttempts": 1}}
      """;
  static final String REGIONS = """
      {"service": "demo", "path": ["dev", "staging", ["prod-eu", "prod-us"]],
       "stages": {"validate": {"command": "true"}, "build": {"command": "true"}, "test": {"command": "true"}},
       "environments": {
         "dev": {"deploy": {"command": "true"}, "rollback": {"command": "true"}},
         "staging": {"deploy": {"command": "true"}, "rollback": {"command": "true"}},
         "prod-eu": {"deploy": {"command": "echo eu"}, "rollback": {"command": "true"}},
         "prod-us": {"deploy": {"command": "echo us"}, "rollback": {"command": "true"}}},
       "retry": {"maxAttempts": 1}}
      """;

  @TempDir
  Path dir;
  TestProject p;

  @AfterEach
  void close() {
    if (p != null) p.close();
  }

  TestProject project(String config) throws Exception {
    p = TestProject.create(dir, config);
    TestProject.git(dir, "tag", "v1.0.0");
    return p;
  }

  Map<String, Object> call(String tool, Map<String, Object> args) {
    McpSchema.CallToolResult r = p.tool(tool).call(ToolContext.NONE, args);
    assertThat(r.isError()).as(ToolResultChecks.text(r)).isFalse();
    ToolResultChecks.assertWellFormed(p.tool(tool), r);
    return ToolResultChecks.structured(r);
  }

  McpSchema.CallToolResult refused(String tool, Map<String, Object> args) {
    McpSchema.CallToolResult r = p.tool(tool).call(ToolContext.NONE, args);
    assertThat(r.isError()).as(ToolResultChecks.text(r)).isTrue();
    ToolResultChecks.assertWellFormed(p.tool(tool), r);
    return r;
  }

  Deployment approveAndFinish(String id) throws Exception {
    p.service.decide(id, "approve", "approver@example.com", "ship it");
    return p.service.drive(id);
  }

  @Test
  void aVersionWalksTheFourEnvironmentsOneStepAtATime() throws Exception {
    project(FOUR);
    Map<String, Object> dev = call("deploy_start", Map.of("service", "demo", "environment", "dev", "version", "1.0.0",
        "wait", true));
    assertThat(dev).containsEntry("state", "completed").containsEntry("version", "1.0.0");
    assertThat(call("deploy_promote", Map.of("from", "dev", "wait", true))).containsEntry("state", "completed");
    assertThat(call("deploy_promote", Map.of("from", "qa", "wait", true))).containsEntry("state", "completed");
    Map<String, Object> prod = call("deploy_promote", Map.of("from", "staging", "wait", true));
    assertThat(prod).containsEntry("state", "awaiting-approval");
    Deployment done = approveAndFinish((String) prod.get("deploymentId"));
    assertThat(done.state()).isEqualTo(State.COMPLETED);
    assertThat(done.version()).isEqualTo("1.0.0");
    assertThat(done.commit()).isEqualTo(TestProject.git(dir, "rev-parse", "v1.0.0^{commit}"));
    assertThat(done.releases()).extracting(Release::environment).containsExactly("prod");
    assertThat(done.stages()).extracting(s -> s.stage()).doesNotContain("build", "validate", "test");
    // Each step was its own deployment of the same version, in path order.
    var history = p.service.history(HistoryQuery.all(10)).deployments();
    assertThat(history).hasSize(4);
    assertThat(p.service.audit(null)).filteredOn(e -> e.event().equals("CREATED"))
        .extracting(e -> e.details().get("environment")).containsExactly("dev", "qa", "staging", "prod");
  }

  @Test
  void skippingAnEnvironmentIsRefusedAndAudited() throws Exception {
    project(FOUR);
    call("deploy_start", Map.of("service", "demo", "environment", "dev", "version", "1.0.0", "wait", true));
    McpSchema.CallToolResult r = refused("deploy_start", Map.of("service", "demo", "environment", "staging",
        "version", "1.0.0"));
    Map<String, Object> s = ToolResultChecks.structured(r);
    assertThat((String) s.get("error")).startsWith("version 1.0.0 has not passed qa (the environments before staging");
    assertThat((String) s.get("nextStep")).contains("promote it through qa first")
        .contains("no MCP tool can").contains("deployment-pipeline deploy start --env staging --version 1.0.0 "
            + "--override-promotion");
    assertThat(p.service.history(HistoryQuery.all(10)).deployments()).hasSize(1);
    AuditEntry refusal = p.service.audit(null).stream().filter(e -> e.event().equals("REFUSED")).findFirst()
        .orElseThrow();
    assertThat(refusal.details()).containsEntry("rule", "promotion").containsEntry("channel", "mcp")
        .containsEntry("missing", List.of("qa")).containsEntry("version", "1.0.0");
  }

  @Test
  void aParallelGroupIsPromotedAsOneStepBehindOneApproval() throws Exception {
    project(REGIONS);
    call("deploy_start", Map.of("service", "demo", "environment", "dev", "version", "1.0.0", "wait", true));
    call("deploy_promote", Map.of("from", "dev", "wait", true));
    Map<String, Object> prod = call("deploy_promote", Map.of("from", "staging", "wait", true));
    assertThat(prod).containsEntry("state", "awaiting-approval");
    Deployment done = approveAndFinish((String) prod.get("deploymentId"));
    assertThat(done.state()).isEqualTo(State.COMPLETED);
    assertThat(done.releases()).extracting(Release::environment).containsExactlyInAnyOrder("prod-eu", "prod-us");
    assertThat(done.releases()).allSatisfy(rel -> assertThat(rel.deployedAt()).isNotNull());
  }

  @Test
  void aFreezeOnOneRegionHoldsTheWholeParallelStep() throws Exception {
    project(REGIONS.replace("\"prod-us\": {\"deploy\": {\"command\": \"echo us\"},", "\"prod-us\": {\"deploy\": "
        + "{\"command\": \"echo us\"}, \"freezes\": [{\"from\": \"2026-11-24T00:00:00Z\", \"to\": "
        + "\"2026-11-30T00:00:00Z\", \"reason\": \"US holiday\"}],"));
    call("deploy_start", Map.of("service", "demo", "environment", "dev", "version", "1.0.0", "wait", true));
    call("deploy_promote", Map.of("from", "dev", "wait", true));
    McpSchema.CallToolResult r = refused("deploy_promote", Map.of("from", "staging"));
    assertThat(ToolResultChecks.text(r)).contains("prod-us is frozen until 2026-11-30T00:00:00Z")
        .contains("US holiday");
    assertThat(p.service.history(HistoryQuery.all(10)).deployments()).hasSize(2);
  }

  @Test
  void onlyAVerifiedHumanOverridesAndTheOverrideIsAudited() throws Exception {
    project(FOUR);
    var promotions = p.service.promotions();
    Promotion skip = promotions.plan("demo", "staging", "1.0.0");
    assertThat(skip.missing()).containsExactly("dev", "qa");
    assertThatThrownBy(() -> promotions.start(skip, "bot", "cli",
        new PromotionOverrides.Override(Approver.unverified("bot", "cli"), "hotfix")))
        .isInstanceOfSatisfying(DeployException.class, e -> {
          assertThat(e.kind()).isEqualTo(DeployException.Kind.NEEDS_HUMAN);
          assertThat(e.getMessage()).contains("needs a verified human");
        });
    assertThat(p.service.history(HistoryQuery.all(10)).deployments()).isEmpty();

    Deployment d = promotions.start(skip, "alice", "cli",
        new PromotionOverrides.Override(Approver.trusted("alice", "cli", Map.of()), "INC-42 hotfix"));
    assertThat(p.service.drive(d.id()).state()).isEqualTo(State.COMPLETED);
    AuditEntry line = p.service.audit(d.id()).stream().filter(e -> e.event().equals("OVERRIDDEN")).findFirst()
        .orElseThrow();
    assertThat(line.actor()).isEqualTo("alice");
    assertThat(line.details()).containsEntry("rule", "promotion").containsEntry("reason", "INC-42 hotfix")
        .containsEntry("missing", List.of("dev", "qa")).containsEntry("verifiedBy", "api")
        .containsEntry("environment", "staging");
    assertThat(p.service.audit(null)).filteredOn(e -> e.event().equals("REFUSED"))
        .singleElement().satisfies(e -> assertThat(e.details()).containsEntry("rule", "promotion"));
  }

  @Test
  void aRolledBackVersionMustPassAgain() throws Exception {
    project(FOUR);
    Map<String, Object> dev = call("deploy_start", Map.of("service", "demo", "environment", "dev", "version", "1.0.0",
        "wait", true));
    p.service.rollback((String) dev.get("deploymentId"), "bad build", "tester");
    McpSchema.CallToolResult r = refused("deploy_promote", Map.of("from", "dev"));
    assertThat(ToolResultChecks.text(r)).contains("nothing is running in dev");
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        error("branch and environment mixed", Map.of("service", "demo", "branch", "main", "environment", "dev",
            "version", "1.0.0"), "branch/commit and environment/version are exclusive"),
        error("environment without version", Map.of("service", "demo", "environment", "dev"),
            "version: is required with environment"),
        error("version without environment", Map.of("service", "demo", "version", "1.0.0"),
            "environment: is required with version"),
        error("neither branch nor version", Map.of("service", "demo"), "branch: is required"),
        error("unknown environment", Map.of("service", "demo", "environment", "uat", "version", "1.0.0"),
            "environment: 'uat' is not an environment of this project (configured: dev, qa, staging, prod)"),
        error("unknown version", Map.of("service", "demo", "environment", "dev", "version", "1.0.1"),
            "version 1.0.1 is unknown: no deployment recorded it and there is no git tag v1.0.1 or 1.0.1; nearest "
                + "known: 1.0.0"),
        error("version like an option", Map.of("service", "demo", "environment", "dev", "version", "--all"),
            "version: '--all' is not"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void startTable(ToolCase c) throws Exception {
    project(FOUR);
    c.run(p.tool("deploy_start"));
    assertThat(p.service.history(HistoryQuery.all(10)).deployments()).as("a refused start creates nothing").isEmpty();
  }

  static Stream<Arguments> promoteCases() {
    return Stream.of(
        error("missing from", Map.of(), "from: is required"),
        error("from not an environment", Map.of("from", "uat"), "from: 'uat' is not an environment of this project"),
        error("from the last step", Map.of("from", "prod"), "from: 'prod' is on the last step of the path "
            + "(dev → qa → staging → prod)"),
        error("nothing running", Map.of("from", "qa"), "nothing is running in qa"),
        error("another service", Map.of("from", "dev", "service", "billing"), "service 'billing' is not configured"),
        error("wait as text", Map.of("from", "dev", "wait", "yes"), "wait: must be true or false"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("promoteCases")
  void promoteTable(ToolCase c) throws Exception {
    project(FOUR);
    c.run(p.tool("deploy_promote"));
    assertThat(p.service.history(HistoryQuery.all(10)).deployments()).isEmpty();
  }
}
