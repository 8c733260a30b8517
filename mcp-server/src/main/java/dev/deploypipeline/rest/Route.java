package dev.deploypipeline.rest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One method and path template under {@code /api/v1} ({@code /deployments/{id}}), and what answers it. */
public record Route(String method, String template, Handler handler) {
  private static final Pattern PARAM = Pattern.compile("\\{([a-zA-Z]+)}");

  @FunctionalInterface
  public interface Handler {
    /** The reply, or null when the handler wrote the response itself (a stream). */
    Reply handle(Call call) throws Exception;
  }

  /** The path parameters when {@code path} fits the template, else null. */
  Map<String, String> match(String path) {
    String[] t = template.split("/", -1);
    String[] p = path.split("/", -1);
    if (t.length != p.length) return null;
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < t.length; i++) {
      Matcher m = PARAM.matcher(t[i]);
      if (m.matches()) {
        if (p[i].isEmpty()) return null;
        params.put(m.group(1), p[i]);
      } else if (!t[i].equals(p[i])) {
        return null;
      }
    }
    return params;
  }
}
