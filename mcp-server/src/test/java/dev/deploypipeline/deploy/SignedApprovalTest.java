package dev.deploypipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.app.App;
import dev.deploypipeline.approval.ApprovalPayload;
import dev.deploypipeline.approval.Approver;
import dev.deploypipeline.approval.SshKeys;
import dev.deploypipeline.approval.SshSignatures;
import dev.deploypipeline.store.AuditEntry;
import dev.deploypipeline.testutil.RecordingSleeper;
import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.testutil.TestProjects;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed approvals with real ssh-keygen keys, an allowed-signers file named by a user policy, and a real git
 * project: a good signature passes; a wrong key, a signature for another deployment or decision, an unlisted
 * principal and an old signature are refused and audited; {@code audit --verify}'s check finds tampering.
 */
class SignedApprovalTest {
  @TempDir Path dir;
  @TempDir Path keys;
  final TestClock clock = TestClock.at("2026-11-25T10:00:00Z");
  Path lead;
  Path stranger;
  Path signers;
  DeploymentService s;

  @BeforeEach
  void setUp() throws Exception {
    SshKeys.requireSshKeygen();
    lead = SshKeys.key(keys, "lead");
    stranger = SshKeys.key(keys, "stranger");
    signers = keys.resolve("allowed_signers");
    SshKeys.allow(signers, "lead@example.com,lead", lead);
    SshKeys.allow(signers, "dev@example.com", stranger);
    Path policy = keys.resolve("policy.json");
    Files.writeString(policy, "{\"allowedSignersFile\": \"allowed_signers\", \"environments\": {\"prod\": "
        + "{\"approvers\": [\"lead@example.com\"], \"preventSelfApproval\": true}}}");
    TestProjects.gitProject(dir, GateTest.config(null, null));
    // An approvers list is checked only against the home policy's signers file: the test's home is `keys`, set
    // while the service is built (which is when it reads user.home) and restored at once.
    SshKeys.homePolicy(keys, signers);
    s = serviceWithHome(policy);
  }

  private DeploymentService serviceWithHome(Path envPolicy) throws Exception {
    return SshKeys.withHome(keys, () -> App.service(dir, Map.of("DEPLOY_PIPELINE_USER", "agent@example.com",
        "DEPLOY_PIPELINE_POLICY", envPolicy.toString()), clock, new RecordingSleeper(clock), List.of()));
  }

  @Test
  void aSignersFileNamedOnlyByTheEnvironmentCannotVouchForAnApproversList() throws Exception {
    Files.delete(keys.resolve(".config/deployment-pipeline/policy.json"));
    s = serviceWithHome(keys.resolve("policy.json"));
    Deployment d = atGate();
    assertThatThrownBy(() -> sign(d.id(), "approve", lead)).hasMessageContaining("signature refused")
        .hasMessageContaining("ignored: the allowedSignersFile of DEPLOY_PIPELINE_POLICY");
    assertThat(s.get(d.id()).state()).isEqualTo(State.AWAITING_APPROVAL);
  }

  Deployment atGate() throws Exception {
    Deployment d = s.drive(s.start("svc", "main", null, s.actor(), "cli").id());
    assertThat(d.state()).isEqualTo(State.AWAITING_APPROVAL);
    return d;
  }

  Approver sign(String id, String decision, Path key) {
    ApprovalPayload p = s.approvals().payload(id, decision, clock);
    return s.approvals().signed(id, decision, p.text(), SshSignatures.sign(key, p.text()), "cli");
  }

  @Test
  void aValidSignatureOfAListedApproverApprovesAndIsKeptForLater() throws Exception {
    Deployment d = atGate();
    Approver a = sign(d.id(), "approve", lead);
    assertThat(a.identities()).containsExactlyInAnyOrder("lead@example.com", "lead");
    assertThat(s.approvals().decide(d.id(), "approve", a, "ship").state()).isEqualTo(State.DEPLOYING_PROD);
    AuditEntry line = s.audit(d.id()).stream().filter(e -> e.event().equals("APPROVED")).findFirst().orElseThrow();
    assertThat(line.actor()).isEqualTo("lead@example.com");
    assertThat(line.details()).containsEntry("verifiedBy", "ssh-signature").containsEntry("principal",
        "lead@example.com").containsKey("signature").containsKey("signedPayload");
    assertThat(AuditSignatures.verify(s.audit(d.id()), signers)).singleElement()
        .satisfies(c -> assertThat(c.ok()).as(String.valueOf(c.problem())).isTrue());

    // The stored evidence, edited (another nonce): re-checking the signature fails.
    Map<String, Object> forged = new java.util.LinkedHashMap<>(line.details());
    forged.put("signedPayload", ((String) line.details().get("signedPayload")).replace("nonce: ", "nonce: 0"));
    AuditEntry tampered = new AuditEntry(line.seq(), line.at(), line.deploymentId(), line.actor(), line.event(),
        line.from(), line.to(), line.attempt(), forged, line.prevHash(), line.hash());
    assertThat(AuditSignatures.verify(List.of(tampered), signers)).singleElement()
        .satisfies(c -> assertThat(c.problem()).contains("does not match"));
  }

  @Test
  void aKeyThatIsNotListedIsRefused() throws Exception {
    Deployment d = atGate();
    Path other = SshKeys.key(keys, "other");
    assertThatThrownBy(() -> sign(d.id(), "approve", other)).isInstanceOf(DeployException.class)
        .hasMessageContaining("the signing key is not listed in " + signers);
    assertRefusedAndStillAtGate(d, "signature");
  }

  @Test
  void aListedKeyOfSomeoneWhoIsNotAnApproverIsRefused() throws Exception {
    Deployment d = atGate();
    Approver dev = sign(d.id(), "approve", stranger);
    assertThatThrownBy(() -> s.approvals().decide(d.id(), "approve", dev, null)).isInstanceOf(DeployException.class)
        .hasMessageContaining("'dev@example.com' is not an approver");
    assertRefusedAndStillAtGate(d, "approvers");
  }

  @Test
  void aSignatureForAnotherDeploymentOrDecisionOrAnOldOneIsRefused() throws Exception {
    Deployment d = atGate();
    ApprovalPayload p = s.approvals().payload(d.id(), "reject", clock);
    String sig = SshSignatures.sign(lead, p.text());
    // signed "reject", presented as approve
    assertThatThrownBy(() -> s.approvals().signed(d.id(), "approve", p.text(), sig, "cli"))
        .hasMessageContaining("the signature is for 'reject', not 'approve'");
    // the payload edited to say approve: the signature no longer matches
    String edited = p.text().replace("decision: reject", "decision: approve");
    assertThatThrownBy(() -> s.approvals().signed(d.id(), "approve", edited, sig, "cli"))
        .hasMessageContaining("the signature does not match the signed payload");
    // a signature for this deployment, replayed on the next one
    ApprovalPayload forD1 = s.approvals().payload(d.id(), "approve", clock);
    String sigD1 = SshSignatures.sign(lead, forD1.text());
    s.decide(d.id(), "reject", "lead@example.com", "redo");
    Deployment d2 = atGate();
    assertThatThrownBy(() -> s.approvals().signed(d2.id(), "approve", forD1.text(), sigD1, "cli"))
        .hasMessageContaining("the signed payload is for deployment " + d.id());
    // an old signature
    ApprovalPayload fresh = s.approvals().payload(d2.id(), "approve", clock);
    String sig2 = SshSignatures.sign(lead, fresh.text());
    clock.advance(Duration.ofMinutes(16));
    assertThatThrownBy(() -> s.approvals().signed(d2.id(), "approve", fresh.text(), sig2, "cli"))
        .hasMessageContaining("outside the 15 minutes");
    assertRefusedAndStillAtGate(d2, "signature");
  }

  @Test
  void theStarterCannotApproveTheirOwnDeploymentWithTheirKey() throws Exception {
    // The OS user that started it is listed on the lead key's line: the same person.
    Files.writeString(signers, "");
    SshKeys.allow(signers, "lead@example.com," + dev.deploypipeline.approval.OsUser.name(), lead);
    Deployment d = atGate();
    Approver a = sign(d.id(), "approve", lead);
    assertThatThrownBy(() -> s.approvals().decide(d.id(), "approve", a, null))
        .hasMessageContaining("forbids self-approval");
    assertRefusedAndStillAtGate(d, "preventSelfApproval");
  }

  @Test
  void anUnverifiedRequestIsRefusedWithTheSignedCommand() throws Exception {
    Deployment d = atGate();
    assertThatThrownBy(() -> s.approvals().decide(d.id(), "approve", Approver.unverified("lead@example.com", "cli"),
        null)).isInstanceOf(DeployException.class).hasMessageContaining("needs a verified human")
        .satisfies(e -> assertThat(((DeployException) e).next().template()).contains("deployment-pipeline deploy approve "
            + d.id() + " --sign ~/.ssh/id_ed25519"));
    assertRefusedAndStillAtGate(d, "verifiedHuman");
  }

  void assertRefusedAndStillAtGate(Deployment d, String rule) {
    AuditEntry r = s.audit(d.id()).stream().filter(e -> e.event().equals("REFUSED")).reduce((a, b) -> b)
        .orElseThrow();
    assertThat(r.details()).containsEntry("rule", rule);
    assertThat(s.get(d.id()).state()).isEqualTo(State.AWAITING_APPROVAL);
  }
}
