package dev.deploypipeline.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * OAuth 2.0 protected-resource metadata (RFC 9728) for the MCP endpoint, as the MCP authorization spec asks of
 * HTTP servers: which resource this is and that it takes bearer tokens in the Authorization header. Served without
 * a token at the well-known path and at its path-suffixed form for {@code /mcp}. It names no authorization server:
 * tokens are issued out of band with {@code deployment-pipeline token issue}.
 */
final class ProtectedResourceServlet extends HttpServlet {
  static final String PATH = "/.well-known/oauth-protected-resource";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Supplier<String> origin;

  ProtectedResourceServlet(Supplier<String> origin) {
    this.origin = origin;
  }

  static Map<String, Object> metadata(String origin) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("resource", origin + McpEndpoint.PATH);
    m.put("bearer_methods_supported", List.of("header"));
    m.put("resource_name", "deployment-pipeline");
    return m;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String path = req.getRequestURI().substring(req.getContextPath().length());
    if (!path.equals(PATH) && !path.equals(PATH + McpEndpoint.PATH)) {
      res.sendError(404);
      return;
    }
    res.setContentType("application/json");
    res.setCharacterEncoding("UTF-8");
    res.setHeader("Cache-Control", "max-age=3600");
    res.getOutputStream().write(JSON.writeValueAsString(metadata(origin.get())).getBytes(StandardCharsets.UTF_8));
  }
}
