package dev.deploypipeline.web;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * In front of the SDK's MCP servlet: a request naming a session must come from the user who opened it
 * ({@link SessionOwners}); others get the same 404 as an unknown session. It also keeps the connection of an MCP
 * request open while a tool call waits (a human answering a prod form, a deploy with wait), longer than the host's
 * idle timeout for ordinary requests.
 */
final class SessionGuard extends HttpServlet {
  static final String SESSION_HEADER = "Mcp-Session-Id";
  /** The MCP request timeout (10 min) and a margin. */
  static final Duration IDLE = Duration.ofMinutes(11);

  private final HttpServlet sdk;
  private final SessionOwners owners;

  SessionGuard(HttpServlet sdk, SessionOwners owners) {
    this.sdk = sdk;
    this.owners = owners;
  }

  @Override
  public void init(ServletConfig config) throws ServletException {
    super.init(config);
    sdk.init(config);
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res) throws ServletException, IOException {
    String actor = (String) req.getAttribute(AuthFilter.ACTOR);
    String session = req.getHeader(SESSION_HEADER);
    if (session != null && !owners.owns(session, actor)) {
      res.setStatus(404);
      res.setContentType("application/json");
      res.getOutputStream().write(("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32001,\"message\":\"Session not found: "
          + "start a new session with initialize\"}}").getBytes(StandardCharsets.UTF_8));
      return;
    }
    ServletContextRequest jetty = ServletContextRequest.getServletContextRequest(req);
    if (jetty != null) jetty.getConnectionMetaData().getConnection().getEndPoint().setIdleTimeout(IDLE.toMillis());
    // The owner is recorded as the SDK names the new session, before the client can read the id and use it.
    sdk.service(req, session != null ? res : new HttpServletResponseWrapper(res) {
      @Override
      public void setHeader(String name, String value) {
        if (SESSION_HEADER.equalsIgnoreCase(name) && value != null) owners.opened(value, actor);
        super.setHeader(name, value);
      }

      @Override
      public void addHeader(String name, String value) {
        if (SESSION_HEADER.equalsIgnoreCase(name) && value != null) owners.opened(value, actor);
        super.addHeader(name, value);
      }
    });
    if (session != null && "DELETE".equals(req.getMethod())) owners.closed(session);
  }

  @Override
  public void destroy() {
    sdk.destroy();
    super.destroy();
  }
}
