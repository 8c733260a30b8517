package dev.deploypipeline.web;

import dev.deploypipeline.rest.Problem;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The host's own refusals (401, 403) as RFC 9457 problem+json, the same shape as the API's. */
final class Problems {
  private Problems() {}

  /** With the RFC 9728 pointer to the protected-resource metadata, which MCP clients follow (MCP authorization). */
  static void unauthorized(HttpServletResponse res, String metadataUrl, String detail, String next)
      throws IOException {
    res.setHeader("WWW-Authenticate", "Bearer realm=\"deployment-pipeline\", resource_metadata=\"" + metadataUrl
        + "\"");
    Problem.of(401, "unauthorized", "Unauthorized", detail, next).write(res, null);
  }

  static void unavailable(HttpServletResponse res, String detail, String next) throws IOException {
    Problem.of(503, "unavailable", "Service unavailable", detail, next).write(res, null);
  }

  static void forbidden(HttpServletResponse res, String detail, String next) throws IOException {
    Problem.of(403, "csrf", "Forbidden", detail, next).write(res, null);
  }
}
