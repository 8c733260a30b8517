package dev.deploypipeline.rest;

import dev.deploypipeline.deploy.DeployException;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.secrets.Redaction;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/*}: finds the route for the method and path, runs it, and writes its JSON or the problem. The
 * web host has authenticated the caller before this runs; every rule lives in the {@code deploy} service.
 */
public final class ApiServlet extends HttpServlet {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
  private final transient List<Route> routes;

  public ApiServlet(DeploymentService service, EventFeed feed, Clock clock) {
    List<Route> all = new ArrayList<>();
    all.addAll(new EnvironmentRoutes(service).routes());
    Challenges challenges = new Challenges(service, clock);
    DeploymentView view = new DeploymentView(service, clock, challenges);
    all.addAll(new DeploymentRoutes(service, clock, view).routes());
    all.addAll(new DecisionRoutes(service, view, challenges).routes());
    all.addAll(new AuditRoutes(service).routes());
    all.addAll(new MetricsRoutes(service, clock).routes());
    all.addAll(new EventsRoute(feed).routes());
    all.addAll(new OpenApiRoute().routes());
    this.routes = List.copyOf(all);
  }

  /** Every route served, for the OpenAPI check. */
  public List<Route> routes() {
    return routes;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
    String instance = req.getRequestURI();
    try {
      TreeSet<String> allowed = new TreeSet<>();
      for (Route r : routes) {
        Map<String, String> params = r.match(path);
        if (params == null) continue;
        if (!r.method().equals(req.getMethod())) {
          allowed.add(r.method());
          continue;
        }
        Reply reply = r.handler().handle(new Call(req, res, params));
        if (reply != null) write(res, reply);
        return;
      }
      if (allowed.isEmpty()) {
        Problem.of(404, "no-route", "Not found", "no API route " + req.getMethod() + " " + path,
            "GET /api/v1/openapi.json lists every route").write(res, instance);
      } else {
        res.setHeader("Allow", String.join(", ", allowed));
        Problem.of(405, "method-not-allowed", "Method not allowed", path + " answers " + String.join(", ", allowed)
            + ", not " + req.getMethod(), "use one of: " + String.join(", ", allowed)).write(res, instance);
      }
    } catch (DeployException e) {
      Problem.of(e).write(res, instance);
    } catch (ApiException e) {
      e.problem.write(res, instance);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Problem.of(503, "interrupted", "Service unavailable", "the server is stopping", "send it again once the "
          + "server is back").write(res, instance);
    } catch (Exception e) {
      LOG.error("{} {} failed: {}", req.getMethod(), path, Redaction.redact(String.valueOf(e)), e);
      if (!res.isCommitted()) {
        Problem.of(500, "internal", "Server error", "the server failed on this request ("
            + e.getClass().getSimpleName() + "); its log on stderr has the details", "retry; if it persists, "
            + "report it with the server log").write(res, instance);
      }
    }
  }

  private static void write(HttpServletResponse res, Reply reply) throws IOException {
    res.setStatus(reply.status());
    reply.headers().forEach(res::setHeader);
    res.setHeader("Cache-Control", "no-store");
    res.setContentType("application/json");
    res.setCharacterEncoding("UTF-8");
    res.getOutputStream().write(Json.write(reply.body()).getBytes(StandardCharsets.UTF_8));
  }
}
