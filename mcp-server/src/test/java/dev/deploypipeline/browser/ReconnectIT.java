package dev.deploypipeline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WindowType;
import tools.jackson.databind.json.JsonMapper;

/**
 * An open deployment page outlives a server restart: the jar is stopped (SIGTERM) under it and started again on
 * the same port and store. The new start prints a new token (sessions live in memory, so the old cookie is dead):
 * the user logs in again in another tab, and the open page's event stream comes back by itself (the dashboard
 * retries a refused stream) and shows a transition made after the restart, without a reload.
 */
class ReconnectIT {
  @TempDir Path tmp;

  @Test
  void theDeploymentPageReconnectsAfterARestartAndShowsANewTransition() throws Exception {
    Chromium.require();
    WebProject project = WebProject.create(tmp);
    try (JarServer server = new JarServer(project.dir(), project.home(), Map.of()).start();
        Chromium browser = Chromium.start(tmp.resolve("chromium"))) {
      Dashboard ui = new Dashboard(browser, server);
      HttpResponse<String> started = server.api("POST", "/api/v1/deployments", "{\"branch\":\"main\"}");
      assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
      var body = JsonMapper.builder().build().readTree(started.body());
      String id = body.path("id").asString(body.path("deploymentId").asString(""));
      assertThat(id).isNotEmpty();

      browser.driver().get(server.loginUrl().toString());
      ui.open(id);
      browser.textIs("#deployment-state", "awaiting-approval");
      browser.textIs("#live-status", "live");
      ui.markDocument();

      int port = server.port();
      server.stop();
      browser.textIs("#live-status", "reconnecting");
      browser.screenshot("deployment-reconnecting");
      server.start(port);
      String page = browser.driver().getWindowHandle();
      browser.driver().switchTo().newWindow(WindowType.TAB).get(server.loginUrl().toString());
      browser.present("#environments");
      browser.driver().close();
      browser.driver().switchTo().window(page);
      browser.textIs("#live-status", "live");

      // Rolling back at the gate undoes dev and staging: a transition nobody needs to approve.
      HttpResponse<String> rolledBack = server.api("POST", "/api/v1/deployments/" + id + "/rollback",
          "{\"reason\":\"browser test: after the restart\"}");
      assertThat(rolledBack.statusCode()).as(rolledBack.body()).isLessThan(300);
      String state = ui.stateOverRest(id);
      assertThat(state).isNotEqualTo("awaiting-approval");
      browser.textIs("#deployment-state", state);
      assertThat(ui.sameDocument()).as("the page followed the restart without a reload").isTrue();
    }
  }
}
