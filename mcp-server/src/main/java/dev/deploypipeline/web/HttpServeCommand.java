package dev.deploypipeline.web;

import dev.deploypipeline.app.App;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.Recovery;
import dev.deploypipeline.mcp.Tools;
import dev.deploypipeline.rest.ApiServlet;
import dev.deploypipeline.rest.EventFeed;
import dev.deploypipeline.secrets.Redaction;
import dev.deploypipeline.secrets.Redactor;
import dev.deploypipeline.workflow.Sleeper;
import jakarta.servlet.http.HttpServlet;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve --http}: the REST API and the dashboard on an embedded HTTP server, instead of MCP over stdio. */
@Command(name = "deployment-pipeline serve", mixinStandardHelpOptions = true, sortOptions = false,
    version = App.VERSION,
    description = {"Serve the REST API (/api/v1), the dashboard and MCP over Streamable HTTP (/mcp) until stopped "
        + "(Ctrl-C or SIGTERM, which lets requests in flight finish). MCP over stdio is not served in this mode.",
        "",
        "It listens on 127.0.0.1 at a free port and prints on stderr the dashboard URL with a fresh random "
            + "token (open it in a browser), the API's base URL and the MCP endpoint (send Authorization: Bearer "
            + "TOKEN: the server's, or a user's from `deployment-pipeline token issue`). See docs/rest-api.md and "
            + "docs/mcp-http.md.",
        ""})
public final class HttpServeCommand implements Callable<Integer> {
  public static final String KEYSTORE_PASSWORD_ENV = "DEPLOY_PIPELINE_KEYSTORE_PASSWORD";

  @Option(names = "--http", required = true, description = "Serve HTTP (this mode).") boolean http;

  @Option(names = "--project", paramLabel = "DIR", description = "The project holding "
      + ".claude/deployment-config.json. Default: $DEPLOY_PROJECT_DIR, then $CLAUDE_PROJECT_DIR, then the current "
      + "directory.")
  Path project;

  @Option(names = "--port", paramLabel = "N", description = "Port to listen on; 0 or absent: a free one.")
  int port;

  @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "Address to listen on (default ${DEFAULT-VALUE}). Anything but loopback also needs --public.")
  String bind;

  @Option(names = "--token-file", paramLabel = "FILE", description = "Read the access token from FILE (at least "
      + "16 characters) instead of making a random one; it is never printed or logged.")
  Path tokenFile;

  @Option(names = "--tokens-file", paramLabel = "FILE", description = "Per-user tokens (`deployment-pipeline token "
      + "issue`); each acts as its user on the audit trail. Default: PROJECT/" + UserTokens.DEFAULT_FILE + ".")
  Path tokensFile;

  @Option(names = "--public", description = "Allow a non-loopback --bind, with --tls-keystore or --behind-proxy.")
  boolean publicBind;

  @Option(names = "--tls-keystore", paramLabel = "FILE", description = "Serve HTTPS with this PKCS12 keystore; its "
      + "password comes from $" + KEYSTORE_PASSWORD_ENV + ".")
  Path tlsKeystore;

  @Option(names = "--behind-proxy", description = "A TLS-terminating reverse proxy forwards to this address "
      + "(needs --origin).")
  boolean behindProxy;

  @Option(names = "--origin", paramLabel = "URL", description = "The https origin browsers use through the proxy; "
      + "the only one the CSRF check accepts for cookie requests.")
  String origin;

  @Option(names = "--stop-timeout", paramLabel = "SECONDS", defaultValue = "10",
      description = "How long a stop waits for requests in flight (default ${DEFAULT-VALUE}).")
  int stopTimeout;

  private final Function<DeploymentService, HttpServlet> pages;

  /** @param pages builds the dashboard servlet; null serves no pages (the API only) */
  public HttpServeCommand(Function<DeploymentService, HttpServlet> pages) {
    this.pages = pages;
  }

  @Override
  public Integer call() throws Exception {
    AccessToken token;
    WebOptions options;
    try {
      token = tokenFile != null ? AccessToken.fromFile(tokenFile) : AccessToken.random();
      options = new WebOptions(bind, port, publicBind, tlsKeystore, System.getenv(KEYSTORE_PASSWORD_ENV),
          behindProxy, origin, Duration.ofSeconds(Math.max(0, stopTimeout)));
      options.check();
    } catch (IllegalArgumentException e) {
      System.err.println("deployment-pipeline serve --http: " + e.getMessage());
      return 2;
    }
    // A token from a file is a long-lived secret: mask it in every sink, as any other.
    if (token.fromFile()) Redaction.learn(Redactor.of(List.of(token.value())));
    Clock clock = Clock.systemUTC();
    EventFeed feed = new EventFeed(clock, EventFeed.DEFAULT_CAPACITY, EventFeed.DEFAULT_PING);
    Path projectDir = project != null ? project.toAbsolutePath().normalize() : App.projectDir(System.getenv());
    UserTokens users = new UserTokens(tokensFile != null ? tokensFile : projectDir.resolve(UserTokens.DEFAULT_FILE),
        clock);
    try {
      users.list();
    } catch (IllegalStateException e) {
      System.err.println("deployment-pipeline serve --http: --tokens-file " + e.getMessage());
      return 2;
    }
    DeploymentService service;
    try {
      service = App.service(projectDir, System.getenv(), clock, Sleeper.REAL, List.of(feed));
    } catch (dev.deploypipeline.store.StoreException e) {
      // No database, wrong password, a bad store URL: say which variable to fix instead of a stack trace.
      System.err.println("deployment-pipeline serve --http: " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException e) {
      // A lease setting (DEPLOY_PIPELINE_LEASE_*, DEPLOY_PIPELINE_HOST) that cannot work; the message names it.
      System.err.println("deployment-pipeline serve --http: " + e.getMessage());
      return 2;
    }
    Recovery recovery = new Recovery(service);
    HttpServlet dashboard = pages == null ? new NoPagesServlet() : pages.apply(service);
    McpEndpoint mcp = new McpEndpoint(Tools.all(service, System.getenv(), Sleeper.REAL, clock));
    WebServer web = new WebServer(options, token, users, service.actor(), new ApiServlet(service, feed, clock),
        dashboard, mcp, clock, feed::close);
    try {
      web.start();
    } catch (java.io.IOException e) {
      System.err.println("deployment-pipeline serve --http: cannot listen on " + bind + ":" + port + " (" + e.getMessage()
          + "); pick another --port, or leave it out for a free one");
      mcp.close();
      service.shutdown();
      return 1;
    }
    recovery.startPeriodic();
    web.banner().forEach(System.err::println);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        web.stop();
      } catch (Exception e) {
        System.err.println("deployment-pipeline: stopping the web server: " + e);
      }
      mcp.close();
      recovery.stop();
      service.shutdown();
    }, "web-stop"));
    web.join();
    return 0;
  }
}
