package dev.deploypipeline.browser;

import dev.deploypipeline.testutil.ExampleServices;
import dev.deploypipeline.testutil.RequiredTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver by Selenium. Both paths are given, so Selenium
 * Manager never runs (it would try to download a driver). The flags keep Chromium off the network: this machine
 * refuses every outside connection, and a browser that tries them at start-up is slow and noisy.
 */
final class Chromium implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);
  // Selenium warns on every start that it has no DevTools classes for this Chromium; the tests use none.
  private static final Logger SELENIUM_LOG = quiet(Logger.getLogger("org.openqa.selenium.devtools"));
  private final ChromeDriver driver;
  private final ChromeDriverService service;

  private Chromium(ChromeDriver driver, ChromeDriverService service) {
    this.driver = driver;
    this.service = service;
  }

  /** Fails under CI=true and skips elsewhere (with a message) when chromium or chromedriver is missing. */
  static void require() {
    RequiredTool.require("chromium", "chromium");
    RequiredTool.require("chromedriver", "chromium-driver");
  }

  static Chromium start(Path userDataDir) throws IOException {
    Path chromium = RequiredTool.require("chromium", "chromium");
    Path chromedriver = RequiredTool.require("chromedriver", "chromium-driver");
    Files.createDirectories(userDataDir);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(chromedriver.toFile())
        .usingAnyFreePort()
        .withLogFile(userDataDir.resolve("chromedriver.log").toFile())
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + userDataDir.resolve("profile"), "--window-size=1280,900");
    return new Chromium(new ChromeDriver(service, options), service);
  }

  private static Logger quiet(Logger l) {
    l.setLevel(Level.SEVERE);
    return l;
  }

  ChromeDriver driver() {
    return driver;
  }

  /**
   * Waits (on the condition, never on the clock alone) up to {@link #WAIT}. Live updates replace parts of the page,
   * so an element found a moment ago may be gone: the condition is then tried again.
   */
  <T> T until(Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(condition);
  }

  /** Clicks the element once it is visible; tried again if a live update replaced it under the click. */
  void click(String css) {
    until(d -> {
      WebElement e = d.findElement(By.cssSelector(css));
      if (!e.isDisplayed()) return false;
      e.click();
      return true;
    });
  }

  /** Waits until the element's text contains {@code part}. */
  void textContains(String css, String part) {
    until(d -> d.findElement(By.cssSelector(css)).getText().contains(part));
  }

  WebElement visible(String css) {
    return until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  /** Waits until the element's trimmed text equals {@code text}; the failure says what it showed instead. */
  WebElement textIs(String css, String text) {
    String[] last = {"(no element)"};
    try {
      until(d -> {
        var found = d.findElements(By.cssSelector(css));
        if (!found.isEmpty()) last[0] = found.get(0).getText().strip();
        return last[0].equals(text);
      });
    } catch (TimeoutException e) {
      throw new AssertionError(css + " did not show '" + text + "' within " + WAIT.toSeconds() + " s; it shows '"
          + last[0] + "'", e);
    }
    return driver.findElement(By.cssSelector(css));
  }

  /** Waits until an element matching {@code css} exists; returns it. */
  WebElement present(String css) {
    return until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
  }

  void resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /**
   * With {@code DP_SCREENSHOTS=1}, saves the page as {@code docs/images/<name>.png} for the docs; otherwise does
   * nothing, so test runs (CI) leave the work tree clean.
   */
  void screenshot(String name) throws IOException {
    if (!"1".equals(System.getenv("DP_SCREENSHOTS"))) return;
    Path dir = ExampleServices.repoRoot().resolve("docs/images");
    Files.createDirectories(dir);
    Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
    }
  }
}
