package dev.deploypipeline.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.mcp.TestProject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every page over a real project and file store (d-1 completed, d-2 rolled back, d-3 at the prod gate), fetched
 * over HTTP from the servlet in a real Jetty: the ids the browser tests and the page script rely on are there.
 */
class DashboardPagesTest {
  @TempDir static Path dir;
  static TestProject project;
  static DashboardServer server;

  @BeforeAll
  static void start() throws Exception {
    project = TestProject.seeded(dir);
    server = new DashboardServer(project.service);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) server.close();
    if (project != null) project.close();
  }

  static String page(String path) throws Exception {
    return server.page(path);
  }

  static String cell(String html, String marker, String tag) {
    return DashboardServer.cell(html, marker, tag);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/deployments", "/deployments/d-3", "/compare", "/metrics"})
  void everyPageHasTheSharedFrame(String path) throws Exception {
    String html = page(path);
    assertThat(html).contains("<main id=\"main\"", "id=\"nav-overview\" href=\"/\"",
        "id=\"nav-timeline\" href=\"/deployments\"", "id=\"nav-compare\" href=\"/compare\"",
        "id=\"nav-metrics\" href=\"/metrics\"", "id=\"message\" role=\"alert\"",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", "<html lang=\"en\">",
        "/static/dashboard.css", "/static/dashboard.js");
    assertThat(html).doesNotContain("style=", "<script>", "onclick");
  }

  @Test
  void overviewShowsEachEnvironment() throws Exception {
    String html = page("/");
    String version = project.service.get("d-1").version();
    for (String env : List.of("dev", "staging", "prod")) assertThat(html).contains("data-environment=\"" + env + "\"");
    String prod = html.substring(html.indexOf("data-environment=\"prod\""));
    assertThat(cell(prod, "class=\"version\"", "td")).isEqualTo(version);
    assertThat(cell(prod, "class=\"health\"", "td")).startsWith("healthy");
    assertThat(cell(prod, "class=\"approved-by\"", "td")).isEqualTo("tester@example.com");
    assertThat(cell(prod, "class=\"last-deploy\"", "td")).contains("d-1");
    String staging = html.substring(html.indexOf("data-environment=\"staging\""));
    assertThat(cell(staging, "class=\"last-deploy\"", "td")).contains("d-3");
    assertThat(cell(staging, "class=\"approved-by\"", "td")).isEqualTo("no gate");
    assertThat(html).contains("id=\"deploy-button\"", "<dialog id=\"deploy-dialog\"", "id=\"deploy-branch\"",
        "<label for=\"deploy-branch\">", "id=\"deploy-confirm\"", "id=\"deploy-cancel\"");
    assertThat(html).contains("href=\"/deployments/d-3\""); // running now: waiting at the gate
  }

  @Test
  void timelineListsNewestFirstWithTheirStates() throws Exception {
    String html = page("/deployments");
    assertThat(html).contains("<ol id=\"timeline\"");
    Matcher m = Pattern.compile("<li data-deployment-id=\"([^\"]+)\" data-state=\"([^\"]+)\"").matcher(html);
    List<String> rows = m.results().map(r -> r.group(1) + "=" + r.group(2)).toList();
    assertThat(rows).containsExactly("d-3=awaiting-approval", "d-2=rolled-back", "d-1=completed");
  }

  @Test
  void deploymentAtTheGateOffersApproveAndReject() throws Exception {
    String html = page("/deployments/d-3");
    assertThat(cell(html, "id=\"deployment-state\"", "strong")).isEqualTo("awaiting-approval");
    assertThat(html).contains("data-deployment-id=\"d-3\"", "id=\"live-status\"", "<ol id=\"stages\">",
        "data-stage=\"building\" data-status=\"succeeded\"", "<pre id=\"log-tail\"", "<table id=\"audit\"",
        "id=\"approve-button\"", "id=\"reject-button\"", "<dialog id=\"approve-dialog\"", "id=\"signature\"",
        "<label for=\"signature\">", "id=\"comment\"", "id=\"approve-confirm\"", "<dialog id=\"reject-dialog\"",
        "id=\"reject-confirm\"", "id=\"approve-sign-command\"", "allowed-signers");
    assertThat(cell(html, "id=\"audit-chain\"", "p")).contains("valid");
    assertThat(cell(html, "id=\"audit\"", "table")).contains("CREATED");
    assertThat(html).doesNotContain("id=\"rollout\""); // a command deploy has no rollout
    // The deploy diff's summary, as in the approval form: d-3 is the commit d-1 runs in prod.
    assertThat(cell(html, "id=\"deploy-diff\"", "pre")).contains("prod: ", ", d-1 → ", ", d-3",
        "No change: prod already runs this commit.");
    assertThat(page("/deployments/d-1")).doesNotContain("id=\"deploy-diff\"");
  }

  @Test
  void finishedDeploymentOffersRollbackOnly() throws Exception {
    String html = page("/deployments/d-1");
    assertThat(cell(html, "id=\"deployment-state\"", "strong")).isEqualTo("completed");
    assertThat(html).contains("id=\"rollback-button\"", "<dialog id=\"rollback-dialog\"", "id=\"rollback-confirm\"")
        .doesNotContain("id=\"approve-button\"");
    assertThat(cell(html, "id=\"log-tail\"", "pre")).contains("deployed prod");
    assertThat(page("/deployments/d-2")).doesNotContain("id=\"rollback-button\"", "id=\"approve-button\"");
  }

  @Test
  void compareHasEnvironmentsAsColumns() throws Exception {
    String html = page("/compare");
    String version = project.service.get("d-1").version();
    assertThat(html).contains("<table id=\"compare\"", "<th scope=\"col\" data-environment=\"dev\">",
        "<th scope=\"col\" data-environment=\"prod\">", "data-row=\"version\"", "data-row=\"commit\"",
        "data-row=\"deployed-at\"");
    assertThat(cell(html, "data-row=\"version\"", "tr")).contains(version);
    assertThat(cell(html, "id=\"compare-summary\"", "p")).contains("same version");
  }

  @Test
  void metricsShowTheFourKeys() throws Exception {
    String html = page("/metrics?environment=prod&since=7d");
    for (String k : List.of("deployment-frequency", "lead-time", "change-failure-rate", "time-to-restore")) {
      assertThat(html).contains("data-metric=\"" + k + "\"");
    }
    assertThat(html).contains("<dl id=\"dora\"", "<label for=\"metrics-since\">");
    assertThat(cell(html, "data-metric=\"deployment-frequency\"", "div")).contains("1 deployment(s) went live");
    assertThat(cell(html, "data-metric=\"change-failure-rate\"", "div")).contains("0 of 1");
  }

  @Test
  void metricsExplainABadPeriodAndStillAnswer() throws Exception {
    String html = page("/metrics?since=yesterday&environment=qa");
    assertThat(cell(html, "id=\"message\"", "div")).contains("since: 'yesterday' is not");
    assertThat(html).contains("data-metric=\"lead-time\"");
  }

  @Test
  void unknownDeploymentIsAClear404() throws Exception {
    HttpResponse<String> r = server.get("/deployments/d-999");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(cell(r.body(), "id=\"message\"", "div")).contains("no deployment with id 'd-999'");
    assertThat(r.body()).contains("<main id=\"main\"", "Back to the Overview", "id=\"next-step\"");
  }

  @Test
  void unknownPagesAndFilesAre404() throws Exception {
    assertThat(server.get("/nothing-here").statusCode()).isEqualTo(404);
    assertThat(server.get("/static/missing.css").statusCode()).isEqualTo(404);
    assertThat(server.get("/static/../dashboard/DashboardServlet.class").statusCode()).isEqualTo(404);
    HttpResponse<String> r = server.get("/deployments/%3Cscript%3E");
    assertThat(r.statusCode()).isIn(400, 404);
    assertThat(r.body()).doesNotContain("<script>");
  }

  @Test
  void staticAssetsComeFromTheClasspath() throws Exception {
    HttpResponse<String> js = server.get("/static/dashboard.js");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
    assertThat(js.body()).contains("EventSource", "/api/v1/events?deployment=", "showModal");
    HttpResponse<String> css = server.get("/static/dashboard.css");
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.body()).contains(":focus-visible", "@media");
  }
}
