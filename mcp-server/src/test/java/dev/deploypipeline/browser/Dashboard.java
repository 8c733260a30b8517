package dev.deploypipeline.browser;

import dev.deploypipeline.approval.SshSignatures;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the browser tests read off the dashboard's pages (by the ids in the web contract) and off the REST API. */
final class Dashboard {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern NAMESPACE = Pattern.compile("-n\\s+'?([\\w.@-]+)");
  private final Chromium browser;
  private final JarServer server;

  Dashboard(Chromium browser, JarServer server) {
    this.browser = browser;
    this.server = server;
  }

  void open(String deploymentId) {
    browser.driver().get(server.url("/deployments/" + deploymentId).toString());
    browser.present("#deployment-state");
  }

  /** Marks the current document; {@link #sameDocument()} is false after any reload or navigation. */
  void markDocument() {
    browser.driver().executeScript("window.dpSameDocument = true");
  }

  boolean sameDocument() {
    return Boolean.TRUE.equals(browser.driver().executeScript("return window.dpSameDocument === true"));
  }

  Map<String, String> stageStatuses() {
    Map<String, String> out = new LinkedHashMap<>();
    for (WebElement li : browser.driver().findElements(By.cssSelector("#stages li[data-stage]"))) {
      out.put(li.getAttribute("data-stage"), li.getAttribute("data-status"));
    }
    return out;
  }

  /** The text of the element's label(s), or its aria-label: what a screen reader announces. */
  String labelOf(WebElement input) {
    return (String) browser.driver().executeScript(
        "const e = arguments[0]; return [...(e.labels || [])].map(l => l.textContent).join(' ').trim()"
            + " || e.getAttribute('aria-label') || ''", input);
  }

  /** Ids (or names) of visible form controls on the page with no label and no aria-label. */
  @SuppressWarnings("unchecked")
  List<String> unlabelledInputs() {
    return (List<String>) browser.driver().executeScript(
        "return [...document.querySelectorAll('input:not([type=hidden]), textarea, select')]"
            + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')"
            + " && !e.getAttribute('aria-labelledby')).map(e => e.id || e.name || e.outerHTML)");
  }

  /** How many CSS pixels the page is wider than the viewport (a phone must not scroll sideways). */
  long horizontalOverflow() {
    return ((Number) browser.driver().executeScript(
        "return document.documentElement.scrollWidth - window.innerWidth")).longValue();
  }

  /** Sets a textarea's value as a paste would (sendKeys of a long armored block is slow and keys nothing more). */
  void setValue(WebElement field, String value) {
    browser.driver().executeScript("arguments[0].value = arguments[1];"
        + " arguments[0].dispatchEvent(new Event('input', {bubbles: true}))", field, value);
  }

  JsonNode deploymentOverRest(String id) throws IOException, InterruptedException {
    HttpResponse<String> r = server.api("GET", "/api/v1/deployments/" + id, null);
    if (r.statusCode() != 200) throw new IOException("GET /api/v1/deployments/" + id + ": " + r.statusCode() + " " + r.body());
    return JSON.readTree(r.body());
  }

  String stateOverRest(String id) throws IOException, InterruptedException {
    return deploymentOverRest(id).path("state").asString();
  }

  /** The version the deployment deploys (the overview and comparison show it). */
  String versionOverRest(String id) throws IOException, InterruptedException {
    JsonNode d = deploymentOverRest(id);
    String version = d.path("version").asString("");
    return version.isEmpty() ? d.path("commit").asString().substring(0, 7) : version;
  }

  record Challenge(String text, String namespace) {}

  /**
   * What the approver signs, as the open approve dialog shows it (the challenge and the sign command the REST API
   * issued for this page): waits until the dialog has loaded them.
   */
  Challenge challengeInDialog() {
    String text = browser.until(d -> {
      Object t = d.findElement(By.cssSelector("#approve-challenge")).getDomProperty("textContent");
      return t == null || t.toString().isEmpty() ? null : t.toString();
    });
    String command = browser.driver().findElement(By.cssSelector("#approve-sign-command")).getText();
    Matcher m = NAMESPACE.matcher(command);
    return new Challenge(text, m.find() ? m.group(1) : SshSignatures.NAMESPACE);
  }
}
