package dev.deploypipeline.browser;

import static org.junit.jupiter.api.Assertions.fail;

import dev.deploypipeline.testutil.ExampleServices;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real shaded jar ({@code plugin/server/deployment-pipeline.jar}, built by {@code mvn package}) running
 * {@code serve --http} in a project directory, as a user starts it. Builds nothing. The address comes from the
 * {@code Dashboard: URL} line the server prints on stderr (read as it arrives, no polling), with the random token
 * of this start, as a user sees it; {@link #start(int)} starts it again on the same port and store.
 */
final class JarServer implements AutoCloseable {
  private static final Pattern DASHBOARD = Pattern.compile("Dashboard: (http://\\S+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Path project;
  private final Path home;
  private final Map<String, String> env;
  private final List<String> stderr = new ArrayList<>();
  private Process process;
  private URI loginUrl;

  /**
   * @param project the project directory (cwd and DEPLOY_PROJECT_DIR)
   * @param home the server's {@code user.home}: its user policy names the allowed signers for approvals
   * @param env extra environment for the server and the stage commands it runs
   */
  JarServer(Path project, Path home, Map<String, String> env) throws IOException {
    this.project = project;
    this.home = home;
    this.env = Map.copyOf(env);
  }

  static Path jar() {
    Path jar = ExampleServices.repoRoot().resolve("plugin/server/deployment-pipeline.jar");
    if (!Files.isRegularFile(jar)) fail(jar + " is missing: build it with `mvn -DskipTests package` (mvn verify does)");
    return jar;
  }

  /** Starts on a free port the server picks itself. */
  JarServer start() throws IOException, InterruptedException {
    return start(0);
  }

  synchronized JarServer start(int port) throws IOException, InterruptedException {
    if (process != null && process.isAlive()) throw new IllegalStateException("already running");
    List<String> cmd = List.of(javaBin(), "-Duser.home=" + home, "-jar", jar().toString(), "serve", "--http",
        "--port", Integer.toString(port));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Map<String, String> e = pb.environment();
    e.put("DEPLOY_PROJECT_DIR", project.toString());
    e.put("DEPLOY_PIPELINE_USER", "browser@example.com");
    e.remove("DEPLOY_PIPELINE_POLICY");
    e.putAll(env);
    process = pb.start();
    CompletableFuture<URI> url = new CompletableFuture<>();
    Process p = process;
    Thread reader = new Thread(() -> readStderr(p, url), "jar-stderr-" + p.pid());
    reader.setDaemon(true);
    reader.start();
    try {
      loginUrl = url.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException ex) {
      stop();
      throw new IOException("serve --http printed no `Dashboard: URL` line within " + START_TIMEOUT.toSeconds()
          + " s; stderr:\n" + stderr(), ex);
    }
    return this;
  }

  private void readStderr(Process p, CompletableFuture<URI> url) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        synchronized (stderr) {
          stderr.add(line);
        }
        Matcher m = DASHBOARD.matcher(line);
        if (!url.isDone() && m.find()) url.complete(URI.create(m.group(1)));
      }
    } catch (IOException ignored) {
      // the process ended
    }
    url.completeExceptionally(new IOException("stderr closed, exit " + (p.isAlive() ? "?" : p.exitValue())));
  }

  /** {@code http://127.0.0.1:PORT/login?token=T}, as printed at this start. */
  URI loginUrl() {
    return loginUrl;
  }

  URI base() {
    return loginUrl.resolve("/");
  }

  URI url(String path) {
    return base().resolve(path);
  }

  int port() {
    return loginUrl.getPort();
  }

  /** This start's token, from the printed URL. */
  String token() {
    String q = loginUrl.getRawQuery();
    if (q == null || !q.startsWith("token=")) throw new IllegalStateException("no token in " + loginUrl);
    return q.substring("token=".length());
  }

  /** SIGTERM and wait: the server finishes in-flight requests and exits. Returns the exit code. */
  synchronized int stop() throws InterruptedException {
    if (process == null) return -1;
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException("serve --http ignored SIGTERM for 30 s; stderr:\n" + stderr());
    }
    return process.exitValue();
  }

  /** A REST call with the bearer token, as an API client makes it. */
  HttpResponse<String> api(String method, String path, String jsonBody) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token()).header("Accept", "application/json");
    if (jsonBody == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  String stderr() {
    synchronized (stderr) {
      return String.join("\n", stderr);
    }
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
    }
  }
}
