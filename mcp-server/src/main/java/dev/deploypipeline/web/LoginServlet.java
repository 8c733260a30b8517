package dev.deploypipeline.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code /login}: a good token (query or form field {@code token}) starts a browser session and goes to the
 * overview; a bad one gets the login form again with 401. The token never reaches a log: Jetty logs no requests.
 */
final class LoginServlet extends HttpServlet {
  private final AccessToken token;
  private final Sessions sessions;
  private final boolean secure;

  LoginServlet(AccessToken token, Sessions sessions, boolean secure) {
    this.token = token;
    this.sessions = sessions;
    this.secure = secure;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    login(req, res);
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
    login(req, res);
  }

  private void login(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String presented = req.getParameter("token");
    if (presented != null && token.matches(presented.strip())) {
      Cookie c = new Cookie(Sessions.COOKIE, sessions.create().id());
      c.setHttpOnly(true);
      c.setPath("/");
      c.setSecure(secure);
      c.setAttribute("SameSite", "Strict");
      res.addCookie(c);
      res.setStatus(303);
      res.setHeader("Location", req.getContextPath() + "/");
      return;
    }
    res.setStatus(presented == null ? 200 : 401);
    res.setContentType("text/html");
    res.setCharacterEncoding("UTF-8");
    res.setHeader("Cache-Control", "no-store");
    res.getOutputStream().write(page(presented != null).getBytes(StandardCharsets.UTF_8));
  }

  static String page(boolean refused) {
    return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Log in · deployment-pipeline</title>
        <style>body{font:16px/1.5 system-ui,sans-serif;max-width:30rem;margin:3rem auto;padding:0 1rem;color:#111}
        input{font:inherit;width:100%%;padding:.4rem;box-sizing:border-box}button{font:inherit;margin-top:.75rem;
        padding:.4rem 1rem}#message{color:#8b0000}</style></head>
        <body><main id="main"><h1>Deployment pipeline</h1>
        %s
        <form id="login-form" method="post" action="/login">
        <label for="token">Access token (printed by <code>deployment-pipeline serve --http</code>)</label>
        <input id="token" name="token" type="password" autocomplete="off" required autofocus>
        <button type="submit" id="login-submit">Log in</button>
        </form></main></body></html>
        """.formatted(refused ? "<p id=\"message\" role=\"alert\">That token is not this server's. Paste the token "
        + "from the line the server printed at start.</p>" : "<p id=\"message\" role=\"alert\"></p>");
  }
}
