package dev.deploypipeline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in real headless Chromium against the real jar ({@code serve --http}), as one story: log in, start
 * a deploy from the UI and watch it reach the gate live, be refused an approval without a verified human, approve
 * with a real SSH signature, see prod on the overview, and roll back. The tests run in order; each one checks the
 * state it starts from. With {@code DP_SCREENSHOTS=1} they also write the pictures in docs/images/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {
  private static final Pattern DEPLOYMENT_PAGE = Pattern.compile("/deployments/([^/?#]+)$");
  private WebProject project;
  private JarServer server;
  private Chromium browser;
  private Dashboard ui;
  private String deploymentId;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    Chromium.require();
    project = WebProject.create(tmp);
    server = new JarServer(project.dir(), project.home(), Map.of()).start();
    browser = Chromium.start(tmp.resolve("chromium"));
    ui = new Dashboard(browser, server);
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) browser.close();
    if (server != null) server.close();
  }

  @Test
  @Order(1)
  void aBadTokenGetsTheLoginFormWithoutASessionAndTheFormTakesTheGoodToken() {
    browser.driver().manage().deleteAllCookies();
    browser.driver().get(server.url("/").toString());
    assertThat(URI.create(browser.driver().getCurrentUrl()).getPath()).as("a page without a session").isEqualTo("/login");

    browser.driver().get(server.url("/login?token=not-the-token").toString());
    browser.visible("#login-form");
    assertThat(browser.driver().manage().getCookieNamed("dp_session")).isNull();

    WebElement token = browser.visible("#token");
    assertThat(ui.labelOf(token)).as("the token input's label").isNotBlank();
    token.sendKeys(server.token(), Keys.ENTER);
    browser.present("#environments");
    assertThat(URI.create(browser.driver().getCurrentUrl()).getPath()).isEqualTo("/");
  }

  @Test
  @Order(2)
  void theTokenUrlLogsInWithAStrictHttpOnlySessionCookie() throws Exception {
    browser.driver().manage().deleteAllCookies();
    browser.driver().get(server.loginUrl().toString());
    browser.present("#environments");
    assertThat(URI.create(browser.driver().getCurrentUrl()).getPath()).isEqualTo("/");
    Cookie session = browser.driver().manage().getCookieNamed("dp_session");
    assertThat(session).isNotNull();
    assertThat(session.isHttpOnly()).isTrue();
    assertThat(session.getSameSite()).isEqualTo("Strict");
    assertThat((String) browser.driver().executeScript("return document.cookie")).doesNotContain("dp_session");
    assertThat(browser.driver().findElements(By.cssSelector("tr[data-environment]")))
        .extracting(e -> e.getAttribute("data-environment")).contains("dev", "staging", "prod");
  }

  @Test
  @Order(3)
  void aDeployStartedFromTheUiShowsLiveStageProgressAndStopsAtTheGate() throws Exception {
    project.hold();
    browser.driver().get(server.url("/").toString());
    browser.click("#deploy-button");
    browser.visible("#deploy-dialog");
    WebElement branch = browser.visible("#deploy-branch");
    assertThat(ui.labelOf(branch)).isNotBlank();
    branch.clear();
    branch.sendKeys("main");
    browser.click("#deploy-confirm");
    browser.until(d -> DEPLOYMENT_PAGE.matcher(URI.create(d.getCurrentUrl()).getPath()).find());
    Matcher m = DEPLOYMENT_PAGE.matcher(URI.create(browser.driver().getCurrentUrl()).getPath());
    assertThat(m.find()).isTrue();
    deploymentId = m.group(1);

    try {
      browser.present("li[data-stage='testing'][data-status='running']");
      assertThat(browser.driver().findElement(By.cssSelector("#deployment-state")).getText().strip()).isEqualTo("testing");
      ui.markDocument();
      browser.screenshot("deployment-running");
    } finally {
      project.release();
    }
    browser.textIs("#deployment-state", "awaiting-approval");
    assertThat(ui.sameDocument()).as("the page updated over SSE without a reload").isTrue();
    assertThat(ui.stageStatuses()).containsEntry("testing", "succeeded").containsEntry("deploying-staging", "succeeded");
    assertThat(browser.driver().findElement(By.cssSelector("#live-status")).getText().strip()).isEqualTo("live");
    assertThat(server.api("GET", "/api/v1/deployments/" + deploymentId, null).body()).contains("awaiting-approval");
    browser.screenshot("deployment-gate");
  }

  @Test
  @Order(4)
  void anApprovalWithoutAVerifiedHumanIsRefusedAndSaysWhy() throws Exception {
    ui.open(deploymentId);
    browser.textIs("#deployment-state", "awaiting-approval");
    browser.click("#approve-button");
    browser.visible("#approve-dialog");
    browser.visible("#comment").sendKeys("looks good to me");
    browser.click("#approve-confirm");
    WebElement message = browser.until(d -> {
      var found = d.findElements(By.cssSelector("#message"));
      return !found.isEmpty() && !found.get(0).getText().isBlank() ? found.get(0) : null;
    });
    assertThat(message.getAttribute("role")).isEqualTo("alert");
    assertThat(message.getText()).contains("verified human");
    assertThat(ui.stateOverRest(deploymentId)).isEqualTo("awaiting-approval");
    assertThat(browser.driver().findElement(By.cssSelector("#deployment-state")).getText().strip())
        .isEqualTo("awaiting-approval");
    browser.screenshot("approval-refused");
  }

  @Test
  @Order(5)
  void anApprovalSignedByTheListedApproversKeyDeploysProd() throws Exception {
    ui.open(deploymentId);
    browser.textIs("#deployment-state", "awaiting-approval");
    browser.click("#approve-button");
    browser.visible("#approve-dialog");
    Dashboard.Challenge challenge = ui.challengeInDialog();
    String signature = project.signAsLead(challenge.text(), challenge.namespace());
    WebElement box = browser.visible("#signature");
    assertThat(ui.labelOf(box)).isNotBlank();
    ui.setValue(box, signature);
    browser.click("#approve-confirm");
    browser.textIs("#deployment-state", "completed");
    assertThat(ui.stateOverRest(deploymentId)).isEqualTo("completed");
    browser.textContains("#audit-chain", "valid");
    browser.textContains("#audit", WebProject.APPROVER);
    browser.screenshot("deployment-completed");
  }

  @Test
  @Order(6)
  void theOverviewShowsVersionHealthLastDeployAndApproverAndFitsAPhone() throws Exception {
    browser.driver().get(server.url("/").toString());
    WebElement prod = browser.present("tr[data-environment='prod']");
    String version = ui.versionOverRest(deploymentId);
    assertThat(prod.findElement(By.cssSelector(".version")).getText()).contains(version);
    assertThat(prod.findElement(By.cssSelector(".approved-by")).getText()).contains(WebProject.APPROVER);
    assertThat(prod.findElement(By.cssSelector(".last-deploy")).getText()).isNotBlank();
    assertThat(prod.findElement(By.cssSelector(".health")).getText()).isNotBlank();
    browser.screenshot("overview");
    browser.resize(390, 844);
    try {
      browser.driver().navigate().refresh();
      browser.present("#environments");
      assertThat(ui.horizontalOverflow()).as("page wider than a phone's screen (px)").isLessThanOrEqualTo(0L);
      browser.screenshot("overview-phone");
    } finally {
      browser.resize(1280, 900);
    }
  }

  @Test
  @Order(7)
  void theTimelineComparisonAndMetricsPagesShowTheDeployment() throws Exception {
    browser.driver().get(server.url("/deployments").toString());
    browser.present("#timeline li[data-deployment-id='" + deploymentId + "'][data-state='completed']");
    browser.screenshot("timeline");
    browser.click("#nav-compare");
    assertThat(browser.present("#compare").getText()).contains(ui.versionOverRest(deploymentId));
    browser.screenshot("compare");
    browser.click("#nav-metrics");
    for (String metric : List.of("deployment-frequency", "lead-time", "change-failure-rate", "time-to-restore")) {
      assertThat(browser.present("#dora [data-metric='" + metric + "']").getText()).as(metric).isNotBlank();
    }
    browser.screenshot("metrics");
    assertThat(ui.unlabelledInputs()).as("inputs without a label on /metrics").isEmpty();
  }

  @Test
  @Order(8)
  void aRollbackFromTheDashboardRollsTheDeploymentBack() throws Exception {
    ui.open(deploymentId);
    browser.textIs("#deployment-state", "completed");
    ui.markDocument();
    browser.click("#rollback-button");
    browser.visible("#rollback-dialog");
    browser.visible("#rollback-reason").sendKeys("browser test: roll back");
    browser.click("#rollback-confirm");
    browser.textIs("#deployment-state", "rolled-back");
    assertThat(ui.sameDocument()).isTrue();
    assertThat(ui.stateOverRest(deploymentId)).isEqualTo("rolled-back");
    browser.textContains("#audit", "ROLLBACK");
    browser.textContains("#audit-chain", "valid");
  }
}
