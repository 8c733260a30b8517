package dev.deploypipeline.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The embedded Jetty host: the API servlet at {@code /api/v1/*}, the dashboard servlet at {@code /}, and the
 * unauthenticated {@code /health} and {@code /login}; every other request passes {@link AuthFilter} first. Stopping
 * is graceful: the connector stops accepting, in-flight requests finish (bounded by the stop timeout), and the
 * {@code beforeStop} hook ends long-lived streams first so they do not hold the stop up.
 */
public final class WebServer implements AutoCloseable {
  private final WebOptions options;
  private final AccessToken token;
  private final Server server;
  private final ServerConnector connector;
  private final Origins origins = new Origins();
  private final Runnable beforeStop;
  private final boolean mcp;
  /** The port bound at start, kept after a stop (the connector then reports none). */
  private volatile int port = -1;

  /**
   * @param api the REST servlet ({@code rest.ApiServlet})
   * @param pages the dashboard servlet, mounted at {@code /}
   * @param actor the name the token holder acts as (recorded on audit lines)
   */
  public WebServer(WebOptions options, AccessToken token, String actor, HttpServlet api, HttpServlet pages,
      Clock clock, Runnable beforeStop) {
    this(options, token, null, actor, api, pages, null, clock, beforeStop);
  }

  /**
   * @param users per-user bearer tokens (each acts as its user); null: only the server's token
   * @param mcp MCP over Streamable HTTP, mounted at {@code /mcp}; null: none
   */
  public WebServer(WebOptions options, AccessToken token, UserTokens users, String actor, HttpServlet api,
      HttpServlet pages, McpEndpoint mcp, Clock clock, Runnable beforeStop) {
    options.check();
    this.options = options;
    this.token = token;
    this.beforeStop = beforeStop == null ? () -> { } : beforeStop;
    // Each open event stream holds a thread: room for a team's dashboards on top of the API requests.
    QueuedThreadPool threads = new QueuedThreadPool(200, 4);
    threads.setName("web");
    server = new Server(threads);
    connector = connector(server, options);
    connector.setHost(options.bind());
    connector.setPort(options.port());
    server.addConnector(connector);

    Sessions sessions = new Sessions(clock, token);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    this.mcp = mcp != null;
    FilterHolder auth = new FilterHolder(new AuthFilter(token, users, sessions, actor, origins,
        () -> origin() + ProtectedResourceServlet.PATH));
    // The MCP servlet answers over SSE from an async context; every filter on its way must allow that.
    auth.setAsyncSupported(true);
    context.addFilter(auth, "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder("health", new HealthServlet()), "/health");
    context.addServlet(new ServletHolder("oauth-protected-resource", new ProtectedResourceServlet(this::origin)),
        ProtectedResourceServlet.PATH + "/*");
    if (mcp != null) {
      ServletHolder holder = new ServletHolder("mcp", mcp.servlet());
      holder.setAsyncSupported(true);
      context.addServlet(holder, McpEndpoint.PATH);
    }
    boolean secureCookie = options.tls() || options.behindProxy();
    context.addServlet(new ServletHolder("login", new LoginServlet(token, sessions, secureCookie)), "/login");
    context.addServlet(new ServletHolder("api", api), "/api/v1/*");
    context.addServlet(new ServletHolder("pages", pages), "/");
    GracefulHandler graceful = new GracefulHandler(context);
    server.setHandler(graceful);
    server.setStopTimeout(options.stopTimeout().toMillis());
    server.setStopAtShutdown(false);
  }

  private static ServerConnector connector(Server server, WebOptions o) {
    if (!o.tls()) return new ServerConnector(server, 1, 1);
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStorePath(o.tlsKeystore().toString());
    ssl.setKeyStorePassword(o.keystorePassword());
    HttpConfiguration https = new HttpConfiguration();
    https.addCustomizer(new SecureRequestCustomizer());
    return new ServerConnector(server, 1, 1, new SslConnectionFactory(ssl, "http/1.1"),
        new HttpConnectionFactory(https));
  }

  public WebServer start() throws Exception {
    server.start();
    port = connector.getLocalPort();
    List<String> allowed = new ArrayList<>();
    if (options.publicOrigin() != null) allowed.add(options.publicOrigin());
    allowed.add(origin());
    if (WebOptions.loopback(options.bind())) allowed.add((options.tls() ? "https" : "http") + "://localhost:" + port());
    origins.set(allowed);
    return this;
  }

  public int port() {
    return port;
  }

  /** How browsers reach this server: the public origin behind a proxy, else the listening address. */
  public String origin() {
    if (options.publicOrigin() != null) return options.publicOrigin();
    String host = options.bind().contains(":") ? "[" + options.bind() + "]" : options.bind();
    return (options.tls() ? "https" : "http") + "://" + host + ":" + port();
  }

  /** The start-up lines (stderr): the dashboard login URL and the API's base with how to authenticate. */
  public List<String> banner() {
    String shown = token.fromFile() ? "<the token in --token-file>" : token.value();
    String login = token.fromFile() ? origin() + "/login" : origin() + "/login?token=" + token.value();
    List<String> lines = new ArrayList<>(List.of("Dashboard: " + login, "REST API: " + origin() + "/api/v1 "
        + "(Authorization: Bearer " + shown + ")"));
    if (mcp) {
      lines.add("MCP (Streamable HTTP): " + origin() + McpEndpoint.PATH + " (Authorization: Bearer " + shown
          + ", or a user's token from `deployment-pipeline token issue --user NAME`)");
    }
    return lines;
  }

  /** Graceful: no new connections, in-flight requests finish within the stop timeout. */
  public void stop() throws Exception {
    beforeStop.run();
    server.stop();
  }

  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() throws Exception {
    if (!server.isStopped()) stop();
  }
}
