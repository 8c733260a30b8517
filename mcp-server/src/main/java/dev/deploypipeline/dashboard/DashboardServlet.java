package dev.deploypipeline.dashboard;

import dev.deploypipeline.deploy.DeployException;
import dev.deploypipeline.deploy.DeploymentService;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard: server-rendered pages over the {@code deploy} service, plus its CSS and JavaScript under
 * {@code /static/}. It reads only; every change goes through the REST API from the page's script. It does no
 * authentication: the web host checks every request before it gets here.
 */
public final class DashboardServlet extends HttpServlet {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardServlet.class);
  private static final Pattern DEPLOYMENT = Pattern.compile("/deployments/([^/]+)");
  private static final Pattern ID = Pattern.compile("d-[0-9]{1,12}");
  private static final Pattern STATIC = Pattern.compile("/static/([a-z0-9-]+\\.(css|js|svg))");
  private static final Map<String, String> TYPES = Map.of("css", "text/css; charset=utf-8",
      "js", "text/javascript; charset=utf-8", "svg", "image/svg+xml");

  private final transient DeploymentService service;

  public DashboardServlet(DeploymentService service) {
    this.service = service;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getRequestURI().substring(req.getContextPath().length());
    try {
      Matcher s = STATIC.matcher(path);
      if (s.matches()) {
        asset(resp, s.group(1), s.group(2));
        return;
      }
      Matcher m = DEPLOYMENT.matcher(path);
      String page = switch (path) {
        case "/", "" -> OverviewPage.render(service);
        case "/deployments", "/deployments/" -> TimelinePage.render(service);
        case "/compare" -> ComparePage.render(service);
        case "/metrics" -> MetricsPage.render(service, req.getParameter("service"), req.getParameter("environment"),
            req.getParameter("since"));
        default -> m.matches() ? deployment(m.group(1)) : null;
      };
      if (page == null) {
        send(resp, 404, ErrorPage.render("Page not found", "There is no page at " + path + ".",
            "Use the navigation above, or go back to the Overview."));
      } else {
        send(resp, 200, page);
      }
    } catch (DeployException e) {
      int status = e.kind() == DeployException.Kind.NOT_FOUND ? 404
          : e.kind() == DeployException.Kind.BAD_INPUT ? 400 : 409;
      send(resp, status, ErrorPage.render(status == 404 ? "Not found" : "Cannot show this page", e.getMessage(),
          e.nextStep(DashboardVoice.INSTANCE)));
    } catch (RuntimeException e) {
      LOG.warn("dashboard page {} failed", path, e);
      send(resp, 500, ErrorPage.render("Something went wrong", "The page could not be built: " + e,
          "`deployment-pipeline doctor` checks the store; the server log has the details."));
    }
  }

  /** Only a well-formed id reaches the store; anything else is a plain "no such deployment". */
  private String deployment(String id) {
    if (!ID.matcher(id).matches()) {
      throw new DeployException(DeployException.Kind.NOT_FOUND, "no deployment with id '" + id
          + "': ids look like d-42", "the Timeline lists every deployment");
    }
    return DeploymentPage.render(service, id);
  }

  private static void send(HttpServletResponse resp, int status, String html) throws IOException {
    resp.setStatus(status);
    resp.setContentType("text/html; charset=utf-8");
    headers(resp);
    resp.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
  }

  /** No inline script or style anywhere, so the policy can forbid both; pages are never cached (live data). */
  private static void headers(HttpServletResponse resp) {
    resp.setHeader("Cache-Control", "no-store");
    resp.setHeader("X-Content-Type-Options", "nosniff");
    resp.setHeader("Referrer-Policy", "same-origin");
    resp.setHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
        + "base-uri 'none'; form-action 'self'");
  }

  private void asset(HttpServletResponse resp, String name, String ext) throws IOException {
    try (InputStream in = DashboardServlet.class.getResourceAsStream("/dashboard/static/" + name)) {
      if (in == null) {
        send(resp, 404, ErrorPage.render("Not found", "There is no file /static/" + name + ".", null));
        return;
      }
      resp.setStatus(200);
      resp.setContentType(TYPES.get(ext));
      headers(resp);
      resp.setHeader("Cache-Control", "no-cache");
      in.transferTo(resp.getOutputStream());
    }
  }
}
