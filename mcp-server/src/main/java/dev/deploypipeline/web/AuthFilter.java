package dev.deploypipeline.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Every request but {@code /health} and {@code /login} must carry the token ({@code Authorization: Bearer}) or a
 * session cookie. A cookie is sent by the browser on its own, so a state-changing request that relies on it must
 * also come from one of our own origins (CSRF); SameSite=Strict on the cookie is the first wall, this the second.
 * A bearer token is the server's own (acting as the server's user) or a user's from {@link UserTokens} (acting as
 * that user). MCP at {@code /mcp} takes bearer tokens only: no client of it is a browser. The OAuth
 * protected-resource metadata answers without a token, and every 401 points at it (RFC 9728).
 */
final class AuthFilter extends HttpFilter {
  static final String ACTOR = "dev.deploypipeline.actor";
  static final String CSRF = "dev.deploypipeline.csrf";
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

  private final AccessToken token;
  private final UserTokens users;
  private final Sessions sessions;
  private final String actor;
  private final Origins origins;
  private final Supplier<String> metadataUrl;

  AuthFilter(AccessToken token, UserTokens users, Sessions sessions, String actor, Origins origins,
      Supplier<String> metadataUrl) {
    this.token = token;
    this.users = users;
    this.sessions = sessions;
    this.actor = actor;
    this.origins = origins;
    this.metadataUrl = metadataUrl;
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    String path = req.getRequestURI().substring(req.getContextPath().length());
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "no-referrer");
    if (path.equals("/health") || path.equals("/login") || path.startsWith(ProtectedResourceServlet.PATH)) {
      chain.doFilter(req, res);
      return;
    }
    boolean mcp = path.equals(McpEndpoint.PATH) || path.startsWith(McpEndpoint.PATH + "/");
    String origin = req.getHeader("Origin");
    if (mcp && origin != null && !origins.allowed(origin)) {
      // The MCP spec's guard against DNS rebinding: a web page elsewhere may not drive this server's tools.
      Problems.forbidden(res, "MCP requests from a web page at '" + origin + "' are refused (only "
          + origins.describe() + ")", "connect from an MCP client such as Claude Code, which sends no Origin");
      return;
    }
    String auth = req.getHeader("Authorization");
    if (auth != null) {
      Optional<String> who;
      try {
        who = auth.regionMatches(true, 0, "Bearer ", 0, 7) ? holder(auth.substring(7).strip()) : Optional.empty();
      } catch (IllegalStateException e) {
        // A damaged tokens file refuses everyone but says why to the operator, not to the caller.
        LoggerFactory.getLogger(AuthFilter.class).error("{}", e.getMessage());
        Problems.unavailable(res, "user tokens cannot be checked right now", "ask the server's operator: its log "
            + "names the problem with the tokens file");
        return;
      }
      if (who.isPresent()) {
        req.setAttribute(ACTOR, who.get());
        chain.doFilter(req, res);
      } else {
        Problems.unauthorized(res, metadataUrl.get(), "the Authorization header carries neither the server's token "
            + "nor an active user token", "send `Authorization: Bearer TOKEN` with your token from "
            + "`deployment-pipeline token issue --user NAME` (or the server's, printed at start or in --token-file)");
      }
      return;
    }
    if (mcp) {
      Problems.unauthorized(res, metadataUrl.get(), "MCP needs a bearer token", "connect with `Authorization: "
          + "Bearer TOKEN`, e.g. `claude mcp add --transport http deploy " + metadataUrl.get().replace(
          ProtectedResourceServlet.PATH, McpEndpoint.PATH) + " --header \"Authorization: Bearer TOKEN\"`");
      return;
    }
    Sessions.Session session = sessions.find(cookie(req));
    if (session == null) {
      if (!SAFE.contains(req.getMethod()) || !wantsHtml(req)) {
        Problems.unauthorized(res, metadataUrl.get(), "no token and no session",
            "send `Authorization: Bearer TOKEN`, or log in with a browser at /login?token=TOKEN");
      } else {
        res.setStatus(303);
        res.setHeader("Location", req.getContextPath() + "/login");
      }
      return;
    }
    if (!SAFE.contains(req.getMethod()) && !origins.allowed(req.getHeader("Origin"))) {
      Problems.forbidden(res, "a " + req.getMethod() + " with the session cookie must come from this server's own "
          + "page: Origin " + (req.getHeader("Origin") == null ? "is missing" : "'" + req.getHeader("Origin")
          + "' is not " + origins.describe()), "use the dashboard's own forms, or call the API with `Authorization: "
          + "Bearer TOKEN` instead of the cookie");
      return;
    }
    req.setAttribute(ACTOR, actor);
    req.setAttribute(CSRF, session.csrf());
    chain.doFilter(req, res);
  }

  /** Who a presented bearer token acts as: the server's user for its own token, else the user token's holder. */
  private Optional<String> holder(String presented) {
    if (token.matches(presented)) return Optional.of(actor);
    return users == null ? Optional.empty() : users.user(presented);
  }

  static String cookie(HttpServletRequest req) {
    if (req.getCookies() == null) return null;
    for (Cookie c : req.getCookies()) {
      if (Sessions.COOKIE.equals(c.getName())) return c.getValue();
    }
    return null;
  }

  static boolean wantsHtml(HttpServletRequest req) {
    String accept = req.getHeader("Accept");
    return accept != null && accept.contains("text/html");
  }
}
