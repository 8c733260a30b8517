package dev.deploypipeline.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** What {@code /} answers when the host runs without the dashboard: the API only. */
final class NoPagesServlet extends HttpServlet {
  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
    dev.deploypipeline.rest.Problem.of(404, "not-found", "Not found", "no page " + req.getRequestURI()
        + ": this server serves the REST API only", "use /api/v1 (GET /api/v1/openapi.json lists it)")
        .write(res, req.getRequestURI());
  }
}
