package dev.deploypipeline.rest;

import static dev.deploypipeline.rest.RestReadTest.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.store.AuditEntry;
import dev.deploypipeline.web.WebFixture;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routes that change things, each on a fresh seeded project (d-1 completed, d-2 rolled back, d-3 at the prod
 * gate): a start driven to the gate, decisions and rollbacks through the service's rules (refusals: {@link
 * RestRefusalTest}).
 */
class RestWriteTest {
  @TempDir Path dir;
  WebFixture f;

  @AfterEach
  void stop() throws Exception {
    if (f != null) f.close();
  }

  WebFixture seeded() throws Exception {
    return f = WebFixture.start(dir, WebFixture.GOOD_CONFIG).seeded();
  }

  @Test
  void aStartIsCreatedAndDrivenToTheGateInTheBackground() throws Exception {
    f = WebFixture.start(dir, WebFixture.GOOD_CONFIG);
    HttpResponse<String> r = f.post("/api/v1/deployments", "{\"branch\": \"main\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/deployments/d-1");
    assertThat(WebFixture.json(r)).containsEntry("id", "d-1").containsEntry("service", "demo")
        .containsEntry("startedBy", WebFixture.USER).containsKeys("state", "stages", "releases", "nextStep");
    f.awaitState("d-1", "awaiting-approval");
    assertThat(WebFixture.json(f.get("/api/v1/deployments/d-1"))).containsEntry("state", "awaiting-approval");
    AuditEntry created = f.service.audit("d-1").get(0);
    assertThat(created.event()).isEqualTo("CREATED");
    assertThat(created.details()).containsEntry("channel", "rest");
  }

  @Test
  void aStartWhileAnotherHoldsTheServiceNamesTheOneThatHoldsIt() throws Exception {
    seeded();
    HttpResponse<String> r = f.post("/api/v1/deployments", "{\"branch\": \"main\"}");
    assertThat(r.statusCode()).as(r.body()).isIn(403, 422);
    assertThat((String) WebFixture.json(r).get("nextStep")).contains("d-3 (awaiting-approval) holds demo",
        "POST /api/v1/deployments/d-3/approve");
  }

  @Test
  void anApprovalWithoutASignatureIsRefusedWithTheChallengeAndAudited() throws Exception {
    seeded();
    HttpResponse<String> r = f.post("/api/v1/deployments/d-3/approve", "{\"comment\": \"looks good\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    Map<String, Object> p = WebFixture.json(r);
    assertThat(p).containsEntry("type", "urn:deployment-pipeline:problem:guard");
    assertThat((String) p.get("detail")).contains("approving needs a verified human",
        "A bearer token or the dashboard's session proves access to the API, not which human decides");
    assertThat((String) p.get("nextStep")).contains("ssh-keygen -Y sign -n deployment-pipeline",
        "POST /api/v1/deployments/d-3/approve {\"signature\"");
    assertThat((String) p.get("challenge")).contains("deployment: d-3", "decision: approve");
    assertThat((String) p.get("signCommand")).startsWith("printf ");
    assertThat(f.service.get("d-3").state().id()).isEqualTo("awaiting-approval");
    AuditEntry refused = last(f.service.audit("d-3"));
    assertThat(refused.event()).isEqualTo("REFUSED");
    assertThat(refused.details()).containsEntry("channel", "rest").containsEntry("rule", "verifiedHuman");
  }

  @Test
  void anIllegalMoveSaysWhatIsLegalInRequests() throws Exception {
    seeded();
    Map<String, Object> p = WebFixture.json(f.post("/api/v1/deployments/d-1/approve", "{}"));
    assertThat(p).containsEntry("type", "urn:deployment-pipeline:problem:illegal-transition");
    assertThat((String) p.get("nextStep")).isEqualTo("done; to undo it: POST /api/v1/deployments/d-1/rollback "
        + "{\"reason\":\"<reason>\"}");
  }

  @Test
  void aRejectionNeedsNoSignatureWhereThePolicyNamesNoApprovers() throws Exception {
    seeded();
    HttpResponse<String> r = f.post("/api/v1/deployments/d-3/reject", "{\"comment\": \"not today\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(WebFixture.json(r)).containsEntry("state", "failed");
    AuditEntry line = last(f.service.audit("d-3"));
    assertThat(line.event()).isEqualTo("REJECTED");
    assertThat(line.details()).containsEntry("channel", "rest").containsEntry("verifiedBy", "none")
        .containsEntry("comment", "not today");
  }

  @Test
  void aRollbackUndoesEveryEnvironmentAndIsAudited() throws Exception {
    seeded();
    HttpResponse<String> r = f.post("/api/v1/deployments/d-1/rollback", "{\"reason\": \"bad release\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(WebFixture.json(r)).containsEntry("state", "rolled-back").containsEntry("rollbackReason",
        "bad release");
    assertThat(f.service.audit("d-1")).extracting(AuditEntry::to).contains("rolled-back");
  }

  static AuditEntry last(List<AuditEntry> entries) {
    return entries.get(entries.size() - 1);
  }
}
