package dev.deploypipeline.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.mcp.TestProject;
import dev.deploypipeline.store.AuditRecord;
import dev.deploypipeline.workflow.Approval;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Release;
import dev.deploypipeline.workflow.Rollout;
import dev.deploypipeline.workflow.RolloutPhase;
import dev.deploypipeline.workflow.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Records whose every text field carries markup (a service named {@code <script>}, a branch that is an img tag, a
 * rollout address and verdict with tags, a hostile audit actor) are shown as text on every page, never as markup;
 * the same records drive the canary view and a broken audit chain.
 */
class HostileDataTest {
  static final String SCRIPT = "<script>alert('x')</script>";
  static final String IMG = "<img src=x onerror=alert(1)>";
  @TempDir static Path dir;
  static TestProject project;
  static DashboardServer server;

  @BeforeAll
  static void seed() throws Exception {
    project = TestProject.create(dir, TestProject.GOOD_CONFIG);
    Instant t = Instant.parse("2026-11-20T10:00:00Z");
    Rollout canary = new Rollout("canary", RolloutPhase.PAUSED, 1, 4, "v1" + IMG, "v2" + SCRIPT, "approval", null,
        List.of(new Rollout.Member("m1", "new", "canary", "v2", "127.0.0.1:1" + SCRIPT, 42, t, null, false)),
        List.of(new Rollout.Weight("127.0.0.1:1" + SCRIPT, 25), new Rollout.Weight("127.0.0.1:2", 75)),
        List.of(new Rollout.Verdict("step-1", "inconclusive", "error-rate" + IMG, List.of(new Rollout.Metric(
            "error-rate", "inconclusive", Map.of("errorRate", 0.015), "<iframe src=x>")), t)),
        t, null, null, "reason" + SCRIPT, null);
    project.service.store().write(w -> {
      Deployment d = Deployment.create(w.nextId(), "demo", "feature/" + SCRIPT, "\"><script>c</script>", IMG,
          "O'Brien & <b>co</b>", t).withRelease(new Release("prod", t.plusSeconds(60), null, null, null)
          .withRollout(canary), t.plusSeconds(60))
          .withApproval(new Approval("approve", "<script>approver</script>", IMG, t, t.plusSeconds(30)), t)
          .withError("</pre>" + SCRIPT, t).withState(State.DEPLOYING_PROD, t.plusSeconds(90));
      w.save(d);
      w.audit(new AuditRecord(t, d.id(), SCRIPT, "REFUSED", null, null, null, Map.of("reason", IMG)));
      w.save(Deployment.create(w.nextId(), SCRIPT, IMG, "abc", "v9", SCRIPT, t.plusSeconds(100))
          .withState(State.FAILED, t.plusSeconds(200)));
      return null;
    });
    server = new DashboardServer(project.service);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) server.close();
    if (project != null) project.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/deployments", "/deployments/d-1", "/deployments/d-2", "/compare", "/metrics",
      "/metrics?service=%3Cscript%3Ealert(1)%3C/script%3E&since=%3Cimg%20src=x%3E"})
  void markupInRecordsIsShownAsText(String path) throws Exception {
    String html = server.page(path);
    assertThat(html).doesNotContain("<script>alert", "<img src=x", "<iframe", "<b>co", "<script>c<", "<script>approver");
    assertThat(html.split("<script", -1)).as("only the page's own script tag").hasSize(2);
    assertThat(html).contains("<main id=\"main\"");
  }

  @Test
  void theEscapedTextIsThere() throws Exception {
    String timeline = server.page("/deployments");
    assertThat(timeline).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;");
    String overview = server.page("/");
    String prod = overview.substring(overview.indexOf("data-environment=\"prod\""));
    assertThat(DashboardServer.cell(prod, "class=\"version\"", "td")).isEqualTo(IMG);
    assertThat(DashboardServer.cell(prod, "class=\"approved-by\"", "td")).isEqualTo("<script>approver</script>");
    assertThat(DashboardServer.cell(prod, "class=\"health\"", "td")).startsWith("deploying");
  }

  @Test
  void canaryViewShowsWeightsErrorRateAndVerdicts() throws Exception {
    String html = server.page("/deployments/d-1");
    assertThat(html).contains("<section id=\"rollout\"", "data-strategy=\"canary\"", "data-phase=\"paused\"",
        "data-weight=\"25\"", "data-weight=\"75\"", "<meter min=\"0\" max=\"100\" value=\"75\"",
        "data-verdict=\"inconclusive\"");
    assertThat(DashboardServer.cell(html, "class=\"error-rate\"", "dd")).isEqualTo("1.50%");
    assertThat(DashboardServer.cell(html, "id=\"deployment-state\"", "strong")).isEqualTo("deploying-prod");
  }

  @Test
  void aTamperedAuditTrailShowsBroken() throws Exception {
    Path audit = project.service.store().root().resolve("audit.jsonl");
    String before = Files.readString(audit);
    try {
      Files.writeString(audit, before.replace("REFUSED", "REFUSEX"));
      String html = server.page("/deployments/d-1");
      assertThat(DashboardServer.cell(html, "id=\"audit-chain\"", "p")).contains("BROKEN");
    } finally {
      Files.writeString(audit, before);
    }
  }
}
