package dev.deploypipeline.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.targets.Ports;
import dev.deploypipeline.testutil.ExampleServices;
import dev.deploypipeline.testutil.RequiredTool;
import dev.deploypipeline.testutil.TestProjects;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * README's main job with the dashboard: {@code examples/hello-service/demo.sh --dashboard} (a copy, as its own git
 * repository) prints a URL with the token; after the demo has deployed prod through the signed gate, that URL
 * opens the overview in Chromium with prod's version and approver; closing stdin stops the dashboard.
 */
class DemoDashboardIT {
  private static final Pattern URL = Pattern.compile("^Dashboard: (http://\\S+)");
  private static final String ENDED = "\u0000demo.sh's output ended";
  @TempDir Path tmp;

  @Test
  void demoDashboardPrintsATokenUrlThatShowsWhatTheDemoDeployed() throws Exception {
    Chromium.require();
    RequiredTool.require("ssh-keygen", "openssh-client");
    Path dir = copyOfHelloService(tmp.resolve("hello"));
    Path home = Files.createDirectories(tmp.resolve("home"));
    List<Integer> ports = Ports.free(3);
    ProcessBuilder pb = new ProcessBuilder("bash", dir.resolve("demo.sh").toString(), "--dashboard")
        .directory(dir.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("DEPLOYMENT_PIPELINE_JAR", JarServer.jar().toString());
    env.put("HOME", home.toString());   // no user policy of the machine's user may win over the demo's
    env.remove("DEPLOY_PIPELINE_POLICY");
    env.put("HELLO_DEV_PORT", ports.get(0).toString());
    env.put("HELLO_STAGING_PORT", ports.get(1).toString());
    env.put("HELLO_PROD_PORT", ports.get(2).toString());
    Process demo = pb.start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    StringBuilder output = new StringBuilder();
    Thread reader = new Thread(() -> read(demo, lines, output), "demo-output");
    reader.setDaemon(true);
    reader.start();
    try (Chromium browser = Chromium.start(tmp.resolve("chromium"))) {
      URI url = URI.create(awaitLine(lines, URL, output).group(1));
      assertThat(url.getHost()).isEqualTo("127.0.0.1");
      assertThat(url.getQuery()).startsWith("token=");
      awaitLine(lines, Pattern.compile("The dashboard stays up at"), output);

      browser.driver().get(url.toString());
      WebElement prod = browser.present("tr[data-environment='prod']");
      assertThat(prod.findElement(By.cssSelector(".approved-by")).getText()).contains("demo-approver@hello-service");
      assertThat(prod.findElement(By.cssSelector(".version")).getText()).isNotBlank();
      browser.screenshot("overview-hello-service");

      demo.getOutputStream().close();   // "Press Enter to stop it (it also stops when stdin closes)"
      assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("demo.sh exits once stdin closes").isTrue();
      assertThat(demo.exitValue()).as(output.toString()).isZero();
      assertThat(refused(url)).as("the dashboard is stopped with the demo").isTrue();
    } finally {
      if (demo.isAlive()) demo.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      new ProcessBuilder(dir.resolve("scripts/stop-all.sh").toString()).directory(dir.toFile())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
    }
  }

  private static Path copyOfHelloService(Path to) throws IOException, InterruptedException {
    Path from = ExampleServices.repoRoot().resolve("examples/hello-service");
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path rel = from.relativize(p);
        if (rel.toString().matches("(\\.deploy|\\.claude/deployments)(/.*)?")) continue;
        Path target = to.resolve(rel.toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    TestProjects.git(to, "init", "-q", "-b", "main");
    TestProjects.git(to, "add", "-A");
    TestProjects.git(to, "-c", "user.email=test@example.com", "-c", "user.name=Test", "commit", "-q", "-m", "hello");
    return to;
  }

  private static void read(Process p, BlockingQueue<String> lines, StringBuilder output) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        synchronized (output) {
          output.append(line).append('\n');
        }
        lines.add(line);
      }
    } catch (IOException ignored) {
      // the demo ended
    }
    lines.add(ENDED);
  }

  /** The next output line matching {@code pattern} (the demo runs the whole pipeline: up to 5 minutes). */
  private static Matcher awaitLine(BlockingQueue<String> lines, Pattern pattern, StringBuilder output)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < end) {
      String line = lines.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line == null || line.equals(ENDED)) break;
      Matcher m = pattern.matcher(line);
      if (m.find()) return m;
    }
    synchronized (output) {
      throw new AssertionError("demo.sh printed no line matching " + pattern + "; output:\n" + output);
    }
  }

  private static boolean refused(URI url) throws InterruptedException {
    try {
      HttpClient.newHttpClient().send(HttpRequest.newBuilder(url.resolve("/health")).build(),
          HttpResponse.BodyHandlers.discarding());
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (IOException e) {
      return e.getCause() instanceof ConnectException;
    }
  }
}
