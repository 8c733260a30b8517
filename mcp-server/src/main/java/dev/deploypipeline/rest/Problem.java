package dev.deploypipeline.rest;

import dev.deploypipeline.deploy.DeployException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem: {@code type} names the kind ({@code urn:deployment-pipeline:problem:<kind>}), {@code detail}
 * what was wrong, and the extension member {@code nextStep} what to do, in the same words the MCP tools and the CLI
 * use with the actions named as requests ({@link RestVoice}).
 */
public record Problem(int status, String kind, String title, String detail, String nextStep,
    Map<String, Object> extra) {
  public static final String MEDIA_TYPE = "application/problem+json";
  static final String TYPE_PREFIX = "urn:deployment-pipeline:problem:";

  public Problem {
    extra = extra == null ? Map.of() : Map.copyOf(extra);
  }

  public static Problem of(int status, String kind, String title, String detail, String nextStep) {
    return new Problem(status, kind, title, detail, nextStep, Map.of());
  }

  /** The service's caller-fixable refusal, with the HTTP status its kind means. */
  static Problem of(DeployException e) {
    int status = switch (e.kind()) {
      case NOT_FOUND -> 404;
      case BAD_INPUT, GIT -> 422;
      case ILLEGAL_TRANSITION, BUSY -> 409;
      case GUARD, NEEDS_HUMAN -> 403;
      case PREFLIGHT -> 422;
      case CONFIG -> 500;
      case ROLLBACK_FAILED -> 502;
    };
    String kind = e.kind().name().toLowerCase().replace('_', '-');
    return new Problem(status, kind, title(status), e.getMessage(), e.nextStep(RestVoice.INSTANCE), e.extra());
  }

  static String title(int status) {
    return switch (status) {
      case 400 -> "Bad request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 409 -> "Conflict";
      case 422 -> "Unprocessable request";
      case 502 -> "Rollback failed";
      default -> status >= 500 ? "Server error" : "Request refused";
    };
  }

  public Problem with(String key, Object value) {
    Map<String, Object> m = new LinkedHashMap<>(extra);
    m.put(key, value);
    return new Problem(status, kind, title, detail, nextStep, m);
  }

  public Map<String, Object> body(String instance) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", TYPE_PREFIX + kind);
    m.put("title", title);
    m.put("status", status);
    m.put("detail", detail);
    if (instance != null) m.put("instance", instance);
    if (nextStep != null) m.put("nextStep", nextStep);
    extra.forEach(m::putIfAbsent);
    return m;
  }

  public void write(HttpServletResponse res, String instance) throws IOException {
    res.setStatus(status);
    res.setContentType(MEDIA_TYPE);
    res.setCharacterEncoding("UTF-8");
    res.getOutputStream().write(Json.write(body(instance)).getBytes(StandardCharsets.UTF_8));
  }
}
