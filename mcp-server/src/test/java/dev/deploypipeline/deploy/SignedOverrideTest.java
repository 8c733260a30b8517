package dev.deploypipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.app.App;
import dev.deploypipeline.approval.Approver;
import dev.deploypipeline.approval.OverridePayload;
import dev.deploypipeline.approval.SshKeys;
import dev.deploypipeline.approval.SshSignatures;
import dev.deploypipeline.store.AuditEntry;
import dev.deploypipeline.testutil.RecordingSleeper;
import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.testutil.TestProjects;
import dev.deploypipeline.workflow.Deployment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overriding the promotion rule with a real ssh-keygen signature: a listed approver's fresh signature over exactly
 * this override passes and is kept on the OVERRIDDEN line (re-checked by audit --verify); another version, another
 * reason, an old signature, an unlisted key or a listed non-approver are refused and audited.
 */
class SignedOverrideTest {
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
    TestProjects.gitProject(dir, GateTest.config("\"approvers\":[\"lead@example.com\"]", null));
    TestProjects.git(dir, "tag", "v1.0.0");
    SshKeys.homePolicy(keys, signers);
    s = SshKeys.withHome(keys, () -> App.service(dir, Map.of("DEPLOY_PIPELINE_USER", "agent@example.com"), clock,
        new RecordingSleeper(clock), List.of()));
  }

  Promotion toProd() {
    Promotion p = s.promotions().plan("svc", "prod", "1.0.0");
    assertThat(p.missing()).containsExactly("dev", "staging");
    return p;
  }

  Approver sign(Promotion p, String reason, Path key) {
    OverridePayload payload = s.promotions().overrides().payload(p, reason, clock);
    return s.promotions().overrides().signed(p, reason, payload.text(), SshSignatures.sign(key, payload.text()),
        "cli");
  }

  @Test
  void aListedApproversSignatureOverridesAndIsKeptForAuditVerify() {
    Promotion p = toProd();
    Approver a = sign(p, "INC-42 hotfix", lead);
    assertThat(a.method()).isEqualTo(Approver.Method.SSH_SIGNATURE);
    Deployment d = s.promotions().start(p, s.actor(), "cli", new PromotionOverrides.Override(a, "INC-42 hotfix"));
    AuditEntry line = s.audit(d.id()).stream().filter(e -> e.event().equals("OVERRIDDEN")).findFirst().orElseThrow();
    assertThat(line.actor()).isEqualTo("lead@example.com");
    assertThat(line.details()).containsEntry("verifiedBy", "ssh-signature").containsEntry("principal",
        "lead@example.com").containsEntry("reason", "INC-42 hotfix").containsEntry("missing", List.of("dev",
        "staging")).containsKey("signature").containsKey("signedPayload");
    assertThat(AuditSignatures.verify(s.audit(d.id()), signers)).singleElement()
        .satisfies(c -> assertThat(c.ok()).as(String.valueOf(c.problem())).isTrue());
    Map<String, Object> forged = new java.util.LinkedHashMap<>(line.details());
    forged.put("signedPayload", ((String) line.details().get("signedPayload")).replace("reason: INC-42",
        "reason: INC-43"));
    AuditEntry tampered = new AuditEntry(line.seq(), line.at(), line.deploymentId(), line.actor(), line.event(),
        line.from(), line.to(), line.attempt(), forged, line.prevHash(), line.hash());
    assertThat(AuditSignatures.verify(List.of(tampered), signers)).singleElement()
        .satisfies(c -> assertThat(c.problem()).contains("does not match"));
  }

  @Test
  void aSignatureForAnotherReasonOrVersionOrAnOldOneIsRefusedAndAudited() {
    Promotion p = toProd();
    OverridePayload payload = s.promotions().overrides().payload(p, "one reason", clock);
    String sig = SshSignatures.sign(lead, payload.text());
    assertThatThrownBy(() -> s.promotions().overrides().signed(p, "another reason", payload.text(), sig, "cli"))
        .hasMessageContaining("the signed reason differs");
    Promotion other = new Promotion(p.service(), new Versions.Resolved("1.0.1", p.version().commit(), "x", "main"),
        null, p.steps(), p.missing(), p.gated());
    assertThatThrownBy(() -> s.promotions().overrides().signed(other, "one reason", payload.text(), sig, "cli"))
        .hasMessageContaining("the signed override is for svc 1.0.0");
    clock.advance(Duration.ofMinutes(16));
    assertThatThrownBy(() -> s.promotions().overrides().signed(p, "one reason", payload.text(), sig, "cli"))
        .hasMessageContaining("outside the 15 minutes");
    assertThat(s.audit(null)).filteredOn(e -> e.event().equals("REFUSED")).hasSize(3)
        .allSatisfy(e -> assertThat(e.details()).containsEntry("rule", "signature"));
  }

  @Test
  void anUnlistedKeyOrAListedNonApproverIsRefused() throws Exception {
    Promotion p = toProd();
    Path other = SshKeys.key(keys, "other");
    assertThatThrownBy(() -> sign(p, "hotfix", other)).hasMessageContaining("the signing key is not listed");
    Approver notApprover = sign(p, "hotfix", stranger);
    assertThatThrownBy(() -> s.promotions().start(p, s.actor(), "cli", new PromotionOverrides.Override(notApprover,
        "hotfix"))).isInstanceOf(DeployException.class)
        .hasMessageContaining("'dev@example.com' may not override the promotion guard for prod")
        .hasMessageContaining("its approvers: lead@example.com");
    assertThat(s.history(dev.deploypipeline.store.HistoryQuery.all(5)).deployments()).isEmpty();
  }
}
