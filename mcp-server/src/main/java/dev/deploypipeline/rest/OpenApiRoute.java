package dev.deploypipeline.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code /openapi.json}: the OpenAPI 3.1 document, a resource checked against the routes by a test. */
final class OpenApiRoute implements RouteGroup {
  static final String RESOURCE = "/rest/openapi.json";
  private final String document = load();

  @Override
  public List<Route> routes() {
    return List.of(new Route("GET", "/openapi.json", c -> {
      c.response.setContentType("application/json");
      c.response.setCharacterEncoding("UTF-8");
      c.response.setHeader("Cache-Control", "no-cache");
      c.response.getOutputStream().write(document.getBytes(StandardCharsets.UTF_8));
      return null;
    }));
  }

  static String load() {
    try (InputStream in = OpenApiRoute.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
