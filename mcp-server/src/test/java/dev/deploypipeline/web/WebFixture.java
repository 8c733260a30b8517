package dev.deploypipeline.web;

import dev.deploypipeline.app.App;
import dev.deploypipeline.testutil.TestProjects;
import dev.deploypipeline.testutil.TickingClock;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.rest.ApiServlet;
import dev.deploypipeline.rest.EventFeed;
import dev.deploypipeline.rest.Json;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real project (git repository, pipeline config, the real service from {@link App#service}) behind the real
 * Jetty host on a free loopback port, and an HTTP client for it. The pages slot holds a servlet that echoes the
 * request attributes the host sets, so the tests see what the dashboard would get.
 */
public final class WebFixture implements AutoCloseable {
  public static final String USER = "tester@example.com";
  /** Every stage and environment succeeds at once; prod needs approval (the default). */
  public static final String GOOD_CONFIG = dev.deploypipeline.mcp.TestProject.GOOD_CONFIG;

  public final Path dir;
  public final TickingClock clock = new TickingClock(Instant.parse("2026-11-25T10:00:00Z"), Duration.ofSeconds(1));
  public final EventFeed feed;
  /** Every state a deployment reaches, as "d-1 awaiting-approval", to wait on without sleeping. */
  public final java.util.concurrent.BlockingQueue<String> states = new java.util.concurrent.LinkedBlockingQueue<>();
  public final DeploymentService service;
  public final AccessToken token = AccessToken.random();
  /** Per-user tokens, in the project's default tokens file (none until a test issues one). */
  public final UserTokens users;
  public final WebServer web;
  public final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(10)).build();

  private WebFixture(Path dir, Map<String, String> env, HttpServlet pages, Duration ping, WebOptions options)
      throws Exception {
    this.dir = dir;
    this.feed = new EventFeed(clock, 50, ping);
    dev.deploypipeline.workflow.PipelineListener recorder = new dev.deploypipeline.workflow.PipelineListener() {
      @Override
      public void transitioned(dev.deploypipeline.workflow.Deployment after, dev.deploypipeline.workflow.State from,
          dev.deploypipeline.workflow.Event event, String actor) {
        states.add(after.id() + " " + after.state().id());
      }
    };
    this.service = App.service(dir, env, clock, d -> { }, List.of(feed, recorder));
    this.users = new UserTokens(dir.resolve(UserTokens.DEFAULT_FILE), clock);
    // As serve --http composes it: MCP at /mcp with every tool, beside the API and the pages.
    McpEndpoint mcp = new McpEndpoint(dev.deploypipeline.mcp.Tools.all(service, env, d -> { }, clock));
    this.web = new WebServer(options, token, users, USER, new ApiServlet(service, feed, clock),
        pages == null ? new EchoPages() : pages, mcp, clock, feed::close).start();
  }

  public static WebFixture start(Path dir, String config) throws Exception {
    return start(dir, config, null, EventFeed.DEFAULT_PING, Map.of("DEPLOY_PIPELINE_USER", USER));
  }

  public static WebFixture start(Path dir, String config, HttpServlet pages, Duration ping, Map<String, String> env)
      throws Exception {
    TestProjects.git(dir, "init", "-q", "-b", "main");
    Files.writeString(dir.resolve("README.md"), "demo\n");
    Files.writeString(dir.resolve(".gitignore"), ".claude/deployments/\n");
    TestProjects.git(dir, "add", "README.md", ".gitignore");
    TestProjects.git(dir, "-c", "user.email=" + USER, "-c", "user.name=Tester", "commit", "-q", "-m", "initial");
    Files.createDirectories(dir.resolve(".claude"));
    Files.writeString(dir.resolve(".claude").resolve("deployment-config.json"), config);
    WebOptions o = new WebOptions("127.0.0.1", 0, false, null, null, false, null, Duration.ofSeconds(10));
    return new WebFixture(dir, env, pages, ping, o);
  }

  /** d-1 completed, d-2 rolled back, d-3 waiting at the prod gate; driven synchronously. */
  public WebFixture seeded() throws Exception {
    dev.deploypipeline.mcp.TestProject.seed(service, USER);
    return this;
  }

  /** Waits (bounded) until {@code id} reaches {@code state}; fails the test otherwise. */
  public void awaitState(String id, String state) throws InterruptedException {
    String want = id + " " + state;
    while (true) {
      String s = states.poll(60, TimeUnit.SECONDS);
      if (s == null) throw new AssertionError(id + " did not reach " + state + "; it is " + service.get(id).state().id());
      if (s.equals(want)) return;
    }
  }

  public URI uri(String path) {
    return URI.create(web.origin() + path);
  }

  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token.value());
  }

  public HttpResponse<String> send(HttpRequest r) throws IOException, InterruptedException {
    return http.send(r, HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(request(path).GET().build());
  }

  public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> json(HttpResponse<String> r) {
    return (Map<String, Object>) Json.parse(r.body());
  }

  @Override
  public void close() throws Exception {
    web.close();
    service.shutdown();
  }

  /** Answers every page with the actor and CSRF attributes the host set, as text. */
  public static final class EchoPages extends HttpServlet {
    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
      res.setContentType("text/plain");
      res.getWriter().write("page " + req.getMethod() + " " + req.getRequestURI() + " actor="
          + req.getAttribute("dev.deploypipeline.actor") + " csrf=" + req.getAttribute("dev.deploypipeline.csrf"));
    }
  }
}
