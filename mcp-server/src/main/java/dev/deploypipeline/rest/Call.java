package dev.deploypipeline.rest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One request as a handler sees it: path parameters, query and body fields parsed once here, at the edge, with
 * errors that name the field. The actor is the authenticated caller the web host vouches for.
 */
public final class Call {
  public static final String ACTOR_ATTRIBUTE = "dev.deploypipeline.actor";
  static final Pattern ID = Pattern.compile("d-[0-9]{1,12}");

  final HttpServletRequest request;
  final HttpServletResponse response;
  private final Map<String, String> params;
  private Map<String, Object> body;

  Call(HttpServletRequest request, HttpServletResponse response, Map<String, String> params) {
    this.request = request;
    this.response = response;
    this.params = params;
  }

  String actor() {
    return request.getAttribute(ACTOR_ATTRIBUTE) instanceof String s ? s : null;
  }

  /** The deployment id in the path, checked. */
  String deploymentId() {
    String id = params.get("id");
    if (!ID.matcher(id).matches()) {
      throw ApiException.notFound("no deployment with id '" + clip(id) + "': ids look like d-42",
          "list deployments with GET /api/v1/deployments");
    }
    return id;
  }

  String param(String name) {
    return params.get(name);
  }

  /** A query parameter, null when absent or empty; checked against {@code pattern} when given. */
  String query(String name, Pattern pattern, String expected) {
    String v = request.getParameter(name);
    if (v == null || v.isEmpty()) return null;
    if (pattern != null && !pattern.matcher(v).matches()) {
      throw ApiException.badRequest("?" + name + ": '" + clip(v) + "' is not " + expected, "correct it and ask again");
    }
    return v;
  }

  int intQuery(String name, int dflt, int min, int max) {
    String v = query(name, Pattern.compile("[0-9]{1,6}"), "a number from " + min + " to " + max);
    if (v == null) return dflt;
    int n = Integer.parseInt(v);
    if (n < min || n > max) {
      throw ApiException.badRequest("?" + name + ": must be from " + min + " to " + max + ", got " + n,
          "correct it and ask again");
    }
    return n;
  }

  Map<String, Object> body() throws IOException {
    if (body == null) body = Json.readObject(request.getInputStream());
    return body;
  }

  /** Refuses body fields the route does not know (a typo would otherwise be ignored silently). */
  void onlyFields(List<String> known) throws IOException {
    for (String k : body().keySet()) {
      if (!known.contains(k)) {
        throw ApiException.badRequest("body." + clip(k) + ": unknown field; known: " + String.join(", ", known),
            "remove it or correct its name");
      }
    }
  }

  /** A string body field: null when absent; refused when of another type, empty, too long or off-pattern. */
  String string(String name, boolean required, Pattern pattern, int maxLength, String expected) throws IOException {
    Object v = body().get(name);
    if (v == null) {
      if (required) throw ApiException.badRequest("body." + name + ": is required (" + expected + ")", "add it");
      return null;
    }
    if (!(v instanceof String s)) {
      throw ApiException.badRequest("body." + name + ": must be a string (" + expected + "), got "
          + (v instanceof Number ? "a number" : v instanceof Boolean ? "a boolean" : "an object or array"),
          "send it as a JSON string");
    }
    if (s.isBlank() || s.length() > maxLength || (pattern != null && !pattern.matcher(s).matches())) {
      throw ApiException.badRequest("body." + name + ": '" + clip(s) + "' is not " + expected
          + (s.length() > maxLength ? " (at most " + maxLength + " characters)" : ""), "correct it and send again");
    }
    return s;
  }

  static String clip(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }
}
