package dev.deploypipeline.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.approval.SshKeys;
import dev.deploypipeline.store.AuditEntry;
import dev.deploypipeline.web.WebFixture;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A prod approval over REST proves a human the way the CLI's --sign does: the challenge shown by GET
 * /deployments/{id}, signed by running the shown signCommand with a real key listed in the allowed-signers file
 * of the user policy, whose approvers list names that key's principal. Someone else's listed key is refused.
 */
class SignedRestApprovalTest {
  @TempDir Path dir;
  @TempDir Path home;
  Path lead;
  Path stranger;
  WebFixture f;

  @BeforeEach
  void setUp() throws Exception {
    SshKeys.requireSshKeygen();
    lead = SshKeys.key(home, "lead");
    stranger = SshKeys.key(home, "stranger");
    Path signers = home.resolve("allowed_signers");
    SshKeys.allow(signers, "lead@example.com", lead);
    SshKeys.allow(signers, "dev@example.com", stranger);
    Path policy = home.resolve(".config/deployment-pipeline/policy.json");
    Files.createDirectories(policy.getParent());
    Files.writeString(policy, "{\"allowedSignersFile\": \"" + signers + "\", \"environments\": {\"prod\": "
        + "{\"approvers\": [\"lead@example.com\"], \"preventSelfApproval\": true}}}");
    // The service reads user.home while it is built; restored at once.
    String was = System.getProperty("user.home");
    System.setProperty("user.home", home.toString());
    try {
      f = WebFixture.start(dir, WebFixture.GOOD_CONFIG, null, EventFeed.DEFAULT_PING,
          Map.of("DEPLOY_PIPELINE_USER", WebFixture.USER));
    } finally {
      System.setProperty("user.home", was);
    }
    assertThat(f.post("/api/v1/deployments", "{\"branch\": \"main\"}").statusCode()).isEqualTo(201);
    f.awaitState("d-1", "awaiting-approval");
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  @Test
  void theListedApproversSignatureOverTheShownChallengeApprovesAndIsAudited() throws Exception {
    String signature = signShownChallenge(lead);
    HttpResponse<String> r = f.post("/api/v1/deployments/d-1/approve", json(Map.of("signature", signature,
        "comment", "ship it")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(WebFixture.json(r).get("state")).isIn("deploying-prod", "completed");
    f.awaitState("d-1", "completed");
    AuditEntry approved = f.service.audit("d-1").stream().filter(e -> e.event().equals("APPROVED")).findFirst()
        .orElseThrow();
    assertThat(approved.actor()).isEqualTo("lead@example.com");
    assertThat(approved.details()).containsEntry("verifiedBy", "ssh-signature").containsEntry("channel", "rest")
        .containsEntry("comment", "ship it").containsKeys("signedPayload", "signature");
  }

  @Test
  void aSignatureSentWithItsChallengeAndCrlfLineEndsStillVerifies() throws Exception {
    String challenge = (String) RestReadTest.map(WebFixture.json(f.get("/api/v1/deployments/d-1")).get("approval"))
        .get("challenge");
    String signature = signShownChallenge(lead).replace("\n", "\r\n");
    HttpResponse<String> r = f.post("/api/v1/deployments/d-1/approve", json(Map.of("signature", signature,
        "challenge", challenge.replace("\n", "\r\n"))));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    f.awaitState("d-1", "completed");
  }

  @Test
  void aListedKeyOfSomeoneWhoIsNotAnApproverIsRefused() throws Exception {
    String signature = signShownChallenge(stranger);
    HttpResponse<String> r = f.post("/api/v1/deployments/d-1/approve", json(Map.of("signature", signature)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat((String) WebFixture.json(r).get("detail")).contains("'dev@example.com' is not an approver");
    assertThat(f.service.get("d-1").state().id()).isEqualTo("awaiting-approval");
  }

  @Test
  void aSignatureForRejectDoesNotApprove() throws Exception {
    Map<String, Object> approval = RestReadTest.map(WebFixture.json(f.get("/api/v1/deployments/d-1"))
        .get("approval"));
    String signature = run((String) approval.get("rejectSignCommand"), lead);
    HttpResponse<String> r = f.post("/api/v1/deployments/d-1/approve", json(Map.of("signature", signature)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat((String) WebFixture.json(r).get("detail")).contains("signature refused");
    assertThat(f.service.get("d-1").state().id()).isEqualTo("awaiting-approval");
  }

  /** Runs the signCommand GET shows, with the test's key in place of ~/.ssh/id_ed25519. */
  String signShownChallenge(Path key) throws Exception {
    Map<String, Object> approval = RestReadTest.map(WebFixture.json(f.get("/api/v1/deployments/d-1"))
        .get("approval"));
    return run((String) approval.get("signCommand"), key);
  }

  static String run(String command, Path key) throws Exception {
    Process p = new ProcessBuilder("bash", "-c", command.replace("~/.ssh/id_ed25519", key.toString())).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as(err).isTrue();
    assertThat(out).startsWith("-----BEGIN SSH SIGNATURE-----");
    return out;
  }

  static String json(Map<String, Object> body) {
    return Json.write(body);
  }
}
