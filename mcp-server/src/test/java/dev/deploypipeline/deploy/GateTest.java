package dev.deploypipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.app.App;
import dev.deploypipeline.store.AuditEntry;
import dev.deploypipeline.testutil.RecordingSleeper;
import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.testutil.TestProjects;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.State;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prod gate's policy on a real project (git, bash stages, file store) with a test clock. */
class GateTest {
  @TempDir Path dir;
  // Wednesday 2026-11-25, 10:00 UTC = 11:00 in Berlin.
  final TestClock clock = TestClock.at("2026-11-25T10:00:00Z");

  static String config(String prodPolicy, String devPolicy) {
    return """
        {"service":"svc","executor":"local",
         "stages":{"validate":{"command":"true"},"build":{"command":"true"},"test":{"command":"true"}},
         "environments":{
           "dev":{"deploy":{"command":"true"}%s},
           "staging":{"deploy":{"command":"true"}},
           "prod":{"deploy":{"command":"true"},"requiresApproval":true%s}}}
        """.formatted(devPolicy == null ? "" : "," + devPolicy, prodPolicy == null ? "" : "," + prodPolicy);
  }

  DeploymentService service(String config, Map<String, String> env) throws Exception {
    TestProjects.gitProject(dir, config);
    return App.service(dir, env, clock, new RecordingSleeper(clock), List.of());
  }

  DeploymentService service(String config) throws Exception {
    return service(config, Map.of("DEPLOY_PIPELINE_USER", "alice@example.com"));
  }

  Deployment atGate(DeploymentService s) throws Exception {
    Deployment d = s.start("svc", "main", null, "alice@example.com", "cli");
    d = s.drive(d.id());
    assertThat(d.state()).isEqualTo(State.AWAITING_APPROVAL);
    return d;
  }

  static AuditEntry lastRefusal(DeploymentService s) {
    List<AuditEntry> all = s.audit(null);
    return all.stream().filter(e -> e.event().equals("REFUSED")).reduce((a, b) -> b).orElseThrow();
  }

  @Test
  void selfApprovalIsBlockedAndAudited() throws Exception {
    DeploymentService s = service(config("\"preventSelfApproval\":true", null));
    Deployment d = atGate(s);
    assertThatThrownBy(() -> s.decide(d.id(), "approve", "alice@example.com", "mine", "cli"))
        .isInstanceOf(DeployException.class).hasMessageContaining("forbids self-approval");
    AuditEntry r = lastRefusal(s);
    assertThat(r.deploymentId()).isEqualTo(d.id());
    assertThat(r.actor()).isEqualTo("alice@example.com");
    assertThat(r.details()).containsEntry("channel", "cli").containsEntry("rule", "preventSelfApproval")
        .containsEntry("attempted", "APPROVED");
    assertThat(s.get(d.id()).state()).isEqualTo(State.AWAITING_APPROVAL);

    Deployment ok = s.decide(d.id(), "approve", "bob@example.com", "lgtm", "cli");
    assertThat(ok.state()).isEqualTo(State.DEPLOYING_PROD);
    AuditEntry approved = s.audit(d.id()).stream().filter(e -> e.event().equals("APPROVED")).findFirst().orElseThrow();
    assertThat(approved.actor()).isEqualTo("bob@example.com");
    assertThat(approved.details()).containsEntry("channel", "cli").containsEntry("comment", "lgtm");
  }

  @Test
  void anApproverWhoIsNotListedIsBlockedAndAudited() throws Exception {
    DeploymentService s = service(config("\"approvers\":[\"carol@example.com\"]", null));
    Deployment d = atGate(s);
    assertThatThrownBy(() -> s.decide(d.id(), "approve", "mallory@example.com", null, "mcp-elicitation"))
        .isInstanceOf(DeployException.class).hasMessageContaining("'mallory@example.com' is not an approver")
        .hasMessageContaining("carol@example.com");
    AuditEntry r = lastRefusal(s);
    assertThat(r.actor()).isEqualTo("mallory@example.com");
    assertThat(r.details()).containsEntry("channel", "mcp-elicitation").containsEntry("rule", "approvers");
    assertThat(s.decide(d.id(), "approve", "carol@example.com", null, "cli").state()).isEqualTo(State.DEPLOYING_PROD);
  }

  @Test
  void aClosedProdWindowBlocksApprovalButNotRejection() throws Exception {
    // Open Mon-Fri 14:00-17:00 Berlin; it is 11:00 there.
    DeploymentService s = service(config("\"windows\":[{\"days\":[\"mon\",\"tue\",\"wed\",\"thu\",\"fri\"],"
        + "\"from\":\"14:00\",\"to\":\"17:00\",\"timeZone\":\"Europe/Berlin\"}]", null));
    Deployment d = atGate(s);
    assertThatThrownBy(() -> s.decide(d.id(), "approve", "bob@example.com", null, "cli"))
        .isInstanceOf(DeployException.class).hasMessageContaining("prod is outside its deployment windows")
        .hasMessageContaining("mon,tue,wed,thu,fri 14:00-17:00 Europe/Berlin");
    assertThat(lastRefusal(s).details()).containsEntry("rule", "schedule").containsEntry("channel", "cli");

    clock.advance(java.time.Duration.ofHours(3)); // 14:00 Berlin: open
    assertThat(s.decide(d.id(), "approve", "bob@example.com", null, "cli").state()).isEqualTo(State.DEPLOYING_PROD);
  }

  @Test
  void aFreezeOnDevBlocksStartAndIsAudited() throws Exception {
    DeploymentService s = service(config(null, "\"freezes\":[{\"from\":\"2026-11-24T00:00:00Z\","
        + "\"to\":\"2026-11-26T00:00:00Z\",\"reason\":\"Black Friday\"}]"));
    assertThatThrownBy(() -> s.start("svc", "main", null, "alice@example.com", "cli"))
        .isInstanceOf(DeployException.class).hasMessageContaining("dev is frozen until 2026-11-26T00:00:00Z")
        .hasMessageContaining("Black Friday");
    AuditEntry r = lastRefusal(s);
    assertThat(r.details()).containsEntry("attempted", "START").containsEntry("channel", "cli")
        .containsEntry("service", "svc");
    assertThat(s.store().active()).isEmpty();
    clock.advance(java.time.Duration.ofDays(1));
    assertThat(s.start("svc", "main", null, "alice@example.com", "cli").state()).isEqualTo(State.PENDING);
  }

  @Test
  void aSecondDeploymentOfTheServiceIsBlockedAndAudited() throws Exception {
    DeploymentService s = service(config(null, null));
    Deployment first = atGate(s);
    assertThatThrownBy(() -> s.start("svc", "main", null, "bob@example.com", "mcp"))
        .isInstanceOf(DeployException.class).hasMessageContaining("concurrency")
        .hasMessageContaining(first.id());
    AuditEntry r = lastRefusal(s);
    assertThat(r.actor()).isEqualTo("bob@example.com");
    assertThat(r.details()).containsEntry("channel", "mcp").containsEntry("rule", "preflight");
    assertThat(s.store().active()).hasSize(1);
  }

  @Test
  void aConfirmationNobodyGaveIsRefusedAuditedAndNamesTheTerminalCommand() throws Exception {
    DeploymentService s = service(config(null, null));
    Deployment d = atGate(s);
    ApprovalGate gate = new ApprovalGate(s);
    assertThat(gate.needsHuman(d.id())).isTrue();
    ApprovalGate.Summary summary = gate.summarize(d.id());
    assertThat(summary.message()).contains("Deploy to PROD: svc @ " + d.version()).contains("initial")
        .contains("alice@example.com is not verified");
    DeployException e = gate.refused(d.id(), "approve", "the confirmation form was cancelled", "bob");
    assertThat(e.next().template()).isEqualTo("a human runs in a terminal: deployment-pipeline deploy approve " + d.id()
        + " (or signs it: deployment-pipeline deploy approve " + d.id() + " --sign ~/.ssh/id_ed25519)");
    assertThat(lastRefusal(s).details()).containsEntry("channel", "mcp").containsEntry("rule", "humanConfirmation");
    assertThat(lastRefusal(s).actor()).as("the caller the front end names, not the server's user").isEqualTo("bob");
    assertThat(s.get(d.id()).state()).isEqualTo(State.AWAITING_APPROVAL);
  }

  @Test
  void windowAndFreezeMistakesAreReportedWithTheirPath() throws Exception {
    DeploymentService s = service(config("\"windows\":[{\"days\":[\"monday\"],\"from\":\"9:00\",\"to\":\"08:00\","
        + "\"timeZone\":\"Mars/Olympus\"}],\"freezes\":[{\"from\":\"tomorrow\",\"to\":\"2026-12-01T00:00:00Z\"}]",
        null));
    assertThatThrownBy(s::config).isInstanceOf(DeployException.class)
        .hasMessageContaining("environments.prod.windows[0].days[0]: must be one of mon")
        .hasMessageContaining("environments.prod.windows[0].from: must be a 24-hour time HH:MM")
        .hasMessageContaining("environments.prod.windows[0].timeZone: 'Mars/Olympus' is not a time zone")
        .hasMessageContaining("environments.prod.freezes[0].from: must be an ISO-8601 instant")
        .hasMessageContaining("environments.prod.freezes[0].reason: is required");
  }
}
