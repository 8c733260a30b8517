package dev.deploypipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.app.App;
import dev.deploypipeline.approval.Approver;
import dev.deploypipeline.approval.ChangePayload;
import dev.deploypipeline.approval.SshKeys;
import dev.deploypipeline.approval.SshSignatures;
import dev.deploypipeline.config.EnvironmentEdits;
import dev.deploypipeline.store.AuditEntry;
import dev.deploypipeline.testutil.RecordingSleeper;
import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.testutil.TestProjects;
import dev.deploypipeline.workflow.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Creating and deleting environments through the service: audited, validated like a load, refused while a
 * deployment is active there, and a production environment only for a verified human its gate accepts.
 */
class EnvironmentChangesTest {
  static final Map<String, Object> QA = Map.of("deploy", Map.of("command", "true"));
  @TempDir Path dir;
  @TempDir Path keys;
  final TestClock clock = TestClock.at("2026-11-25T10:00:00Z");
  DeploymentService s;
  EnvironmentChanges changes;
  Path config;

  @BeforeEach
  void setUp() throws Exception {
    TestProjects.gitProject(dir, GateTest.config(null, null));
    config = dir.resolve(".claude/deployment-config.json");
    s = service(Map.of("DEPLOY_PIPELINE_USER", "alice@example.com"));
    changes = new EnvironmentChanges(s, Map.of());
  }

  DeploymentService service(Map<String, String> env) {
    return App.service(dir, env, clock, new RecordingSleeper(clock), List.of());
  }

  List<AuditEntry> audit(String event) {
    return s.store().audit(null).stream().filter(e -> e.event().equals(event)).toList();
  }

  @Test
  void createdEnvironmentsJoinThePathAndShowTheirFacts() {
    Map<String, Object> qa = changes.create(new EnvironmentChanges.Create("qa", "development",
        "http://127.0.0.1:9/", Map.of("deploy", Map.of("command", "true"), "variables", Map.of("REGION", "eu")),
        new EnvironmentEdits.Placement("dev", null)), "alice@example.com", "cli");
    assertThat(qa).containsEntry("environment", "qa").containsEntry("type", "development").containsEntry("step", 2)
        .containsEntry("deploysBy", "command").containsEntry("variableNames", List.of("REGION"))
        .containsEntry("requiresApproval", false).containsEntry("current", null);
    assertThat(s.config().promotionPath()).containsExactly(List.of("dev"), List.of("qa"), List.of("staging"),
        List.of("prod"));
    AuditEntry created = audit(EnvironmentChanges.CREATED).get(0);
    assertThat(created.actor()).isEqualTo("alice@example.com");
    assertThat(created.details()).containsEntry("environment", "qa").containsEntry("channel", "cli");

    List<Map<String, Object>> rows = new EnvironmentCatalog(s, Map.of()).list(List.of()).rows();
    assertThat(rows).extracting(r -> r.get("environment")).containsExactly("dev", "qa", "staging", "prod");
    assertThat(rows.get(3)).containsEntry("type", "production").containsEntry("requiresApproval", true)
        .containsEntry("step", 4).containsEntry("file", ".env.prod").containsEntry("exists", false);
  }

  @Test
  void anInvalidSpecIsNotSavedAndTheErrorNamesThePath() throws Exception {
    String before = Files.readString(config);
    assertThatThrownBy(() -> changes.create(new EnvironmentChanges.Create("qa", "development", null,
        Map.of("deploy", Map.of("command", "true"), "healthCheck", Map.of("url", 5)),
        EnvironmentEdits.Placement.OFF_PATH), "alice", "cli"))
        .isInstanceOf(DeployException.class).hasMessageContaining("environments.qa.healthCheck.url")
        .satisfies(e -> assertThat(((DeployException) e).nextStep(a -> "")).contains("is unchanged"));
    assertThat(Files.readString(config)).isEqualTo(before);
    assertThat(audit(EnvironmentChanges.CREATED)).isEmpty();
  }

  @Test
  void deletingStagingNeedsNoHumanButDeletingProdDoes() throws Exception {
    Map<String, Object> out = changes.delete("staging", Approver.unverified("agent", "mcp"));
    assertThat(out).containsEntry("deleted", "staging").containsEntry("wasOnPath", true)
        .containsEntry("path", List.of(List.of("dev"), List.of("prod")));
    assertThat(s.config().environment("staging")).isNull();

    String before = Files.readString(config);
    assertThatThrownBy(() -> changes.delete("prod", Approver.unverified("agent", "mcp")))
        .isInstanceOf(DeployException.class).hasMessageContaining("needs a verified human")
        .satisfies(e -> assertThat(((DeployException) e).kind()).isEqualTo(DeployException.Kind.NEEDS_HUMAN))
        .satisfies(e -> assertThat(((DeployException) e).nextStep(a -> ""))
            .contains("deployment-pipeline env delete prod --sign"));
    assertThatThrownBy(() -> changes.delete("prod", Approver.clicked("agent", "mcp")))
        .hasMessageContaining("an accepted form proves nobody");
    assertThat(Files.readString(config)).isEqualTo(before);
    assertThat(audit(EnvironmentChanges.REFUSED)).hasSize(2).allSatisfy(e -> assertThat(e.details())
        .containsEntry("rule", "verifiedHuman").containsEntry("environment", "prod"));

    Approver human = new Approver("alice", Approver.Method.TERMINAL, java.util.Set.of("alice"), "cli",
        Map.of("osUser", "alice"));
    Map<String, Object> gone = changes.delete("prod", human);
    assertThat(gone).containsEntry("verifiedBy", "terminal").containsEntry("path", List.of(List.of("dev")));
    assertThat(audit(EnvironmentChanges.DELETED).get(1).details()).containsEntry("environment", "prod")
        .containsEntry("verifiedBy", "terminal").containsEntry("osUser", "alice");
  }

  @Test
  void anActiveDeploymentThereBlocksTheDeletion() throws Exception {
    Deployment d = s.drive(s.start("svc", "main", null, "alice@example.com", "cli").id());
    assertThat(d.state().isGate()).isTrue();
    assertThatThrownBy(() -> changes.delete("staging", Approver.unverified("agent", "mcp")))
        .isInstanceOf(DeployException.class)
        .satisfies(e -> assertThat(((DeployException) e).kind()).isEqualTo(DeployException.Kind.BUSY))
        .hasMessageContaining("deployment " + d.id() + " is still active there");
    assertThat(s.config().environment("staging")).isNotNull();
  }

  @Test
  void aSignatureByAKeyInTheAllowedSignersDeletesProdAndAnotherEnvironmentsSignatureDoesNot() throws Exception {
    SshKeys.requireSshKeygen();
    Path lead = SshKeys.key(keys, "lead");
    Path signers = keys.resolve("allowed_signers");
    SshKeys.allow(signers, "lead@example.com", lead);
    SshKeys.homePolicy(keys, signers);
    s = SshKeys.withHome(keys, () -> service(Map.of("DEPLOY_PIPELINE_USER", "agent@example.com")));
    changes = new EnvironmentChanges(s, Map.of());

    ChangePayload forStaging = changes.payload("staging");
    String sig = SshSignatures.sign(lead, forStaging.text());
    assertThatThrownBy(() -> changes.signed("prod", forStaging.text(), sig, "cli"))
        .hasMessageContaining("signature refused: the signed change is to delete staging");

    ChangePayload p = changes.payload("prod");
    Approver a = changes.signed("prod", p.text(), SshSignatures.sign(lead, p.text()), "cli");
    assertThat(a.method()).isEqualTo(Approver.Method.SSH_SIGNATURE);
    assertThat(changes.delete("prod", a)).containsEntry("deletedBy", "lead@example.com");
    assertThat(audit(EnvironmentChanges.DELETED).get(0).details()).containsEntry("principal", "lead@example.com")
        .containsKey("signature").containsEntry("verifiedBy", "ssh-signature");
  }

  @Test
  void theRegionsExampleListsItsParallelGroupAndLosesOneRegionToAHuman() throws Exception {
    Files.writeString(config, Files.readString(Path.of("..", "examples", "environments", "regions.json")));
    EnvironmentCatalog catalog = new EnvironmentCatalog(s, Map.of());
    List<Map<String, Object>> rows = catalog.list(List.of()).rows();
    assertThat(rows).extracting(r -> r.get("environment") + "@" + r.get("step"))
        .containsExactly("dev@1", "staging@2", "prod-eu@3", "prod-us@3");
    assertThat(rows.get(2)).containsEntry("parallelWith", List.of("prod-us")).containsEntry("type", "production")
        .containsEntry("requiresApproval", true).containsEntry("url", "https://eu.shop.test")
        .containsEntry("variableNames", List.of("REGION"));
    assertThat(rows.get(0)).containsEntry("type", "development").containsEntry("requiresApproval", false);

    Approver human = new Approver("alice", Approver.Method.TERMINAL, java.util.Set.of("alice"), "cli", Map.of());
    Map<String, Object> out = changes.delete("prod-us", human);
    assertThat(out).containsEntry("path", List.of(List.of("dev"), List.of("staging"), List.of("prod-eu")));
    assertThat(Files.readString(config)).contains("\"path\": [ \"dev\", \"staging\", \"prod-eu\" ]")
        .doesNotContain("prod-us");
  }
}
