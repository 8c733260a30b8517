package dev.deploypipeline.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * Every request but {@code /health} and {@code /login} must carry the token ({@code Authorization: Bearer}) or a
 * session cookie. A cookie is sent by the browser on its own, so a state-changing request that relies on it must
 * also come from one of our own origins (CSRF); SameSite=Strict on the cookie is the first wall, this the second.
 */
final class AuthFilter extends HttpFilter {
  static final String ACTOR = "dev.deploypipeline.actor";
  static final String CSRF = "dev.deploypipeline.csrf";
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

  private final AccessToken token;
  private final Sessions sessions;
  private final String actor;
  private final Origins origins;

  AuthFilter(AccessToken token, Sessions sessions, String actor, Origins origins) {
    this.token = token;
    this.sessions = sessions;
    this.actor = actor;
    this.origins = origins;
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    String path = req.getRequestURI().substring(req.getContextPath().length());
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "no-referrer");
    if (path.equals("/health") || path.equals("/login")) {
      chain.doFilter(req, res);
      return;
    }
    String auth = req.getHeader("Authorization");
    if (auth != null) {
      if (auth.regionMatches(true, 0, "Bearer ", 0, 7) && token.matches(auth.substring(7).strip())) {
        req.setAttribute(ACTOR, actor);
        chain.doFilter(req, res);
      } else {
        Problems.unauthorized(res, "the Authorization header does not carry the server's token",
            "send `Authorization: Bearer TOKEN` with the token printed at start (or the --token-file's)");
      }
      return;
    }
    Sessions.Session session = sessions.find(cookie(req));
    if (session == null) {
      if (!SAFE.contains(req.getMethod()) || !wantsHtml(req)) {
        Problems.unauthorized(res, "no token and no session",
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
