package dev.deploypipeline.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Human and JSON renderings of the service's structured views (the same maps the MCP tools return). */
final class Render {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Render() {}

  static void json(PrintStream out, Object value) {
    out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value));
  }

  @SuppressWarnings("unchecked")
  static void deployment(PrintStream out, Map<String, Object> d) {
    out.printf("%s  %s@%s (%s)  %s%n", d.get("deploymentId"), d.get("service"), d.get("version"), d.get("branch"),
        String.valueOf(d.get("state")).toUpperCase());
    if (d.get("error") != null) out.println("  error: " + d.get("error"));
    for (Map<String, Object> s : (List<Map<String, Object>>) d.get("stages")) {
      out.printf("  %-20s %-11s %8s  attempts %s%s%n", s.get("stage"), s.get("status"),
          s.containsKey("durationMs") ? seconds(((Number) s.get("durationMs")).longValue()) : "",
          s.get("attempts"), s.get("lastError") != null ? "  (" + s.get("lastError") + ")" : "");
    }
    if (d.get("rollout") instanceof Map<?, ?> r) rollout(out, r);
    if (d.get("rollbackReason") != null) out.println("  rolled back: " + d.get("rollbackReason"));
    Object approval = d.get("approval");
    if (approval instanceof Map<?, ?> a) out.println("  approval: " + a);
    if (Boolean.TRUE.equals(d.get("stalled"))) out.println("  STALLED: no live process is driving it");
    if (d.get("logTail") instanceof List<?> tail && !tail.isEmpty()
        && ("failed".equals(d.get("state")) || Boolean.TRUE.equals(d.get("stalled")))) {
      out.println("  log (" + d.get("logStage") + "):");
      tail.forEach(l -> out.println("    | " + l));
    }
    out.println("  next: " + d.get("nextStep"));
  }

  /** The rollout in two lines plus one per verdict: where it stands, the split, what each analysis found. */
  private static void rollout(PrintStream out, Map<?, ?> r) {
    out.printf("  rollout %s %s: %s, step %s/%s, %s %% on %s%s%s%n", r.get("environment"), r.get("strategy"),
        r.get("phase"), r.get("step"), r.get("steps"), r.get("newPercent"), r.get("newVersion"),
        r.get("waitingFor") != null ? " (waiting for " + r.get("waitingFor") + ")" : "",
        r.get("errorRate") != null ? ", error rate " + r.get("errorRate") : "");
    if (r.get("verdicts") instanceof List<?> vs) {
      for (Object o : vs) {
        if (o instanceof Map<?, ?> v) {
          out.printf("    analysis %-16s %s%s%n", v.get("at"), v.get("verdict"),
              v.get("failingCheck") != null ? " on " + v.get("failingCheck") : "");
        }
      }
    }
    if (r.get("rollback") instanceof Map<?, ?> b) {
      out.printf("    rollback: %s to %s in %s ms%n", b.get("kind"), b.get("toVersion"), b.get("durationMs"));
    }
  }

  @SuppressWarnings("unchecked")
  static void summaries(PrintStream out, List<Map<String, Object>> rows) {
    if (rows.isEmpty()) out.println("  (none)");
    for (Map<String, Object> r : rows) {
      out.printf("  %-8s %-16s %-14s %-18s %9s  retries %s  %s%n", r.get("deploymentId"), r.get("service"),
          r.get("version"), r.get("state"), r.containsKey("durationMs")
              ? seconds(((Number) r.get("durationMs")).longValue()) : "-", r.get("retries"),
          stageTimes((Map<String, Object>) r.get("stageDurationsMs")));
    }
  }

  private static String stageTimes(Map<String, Object> m) {
    if (m == null || m.isEmpty()) return "";
    StringBuilder sb = new StringBuilder();
    m.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=')
        .append(seconds(((Number) v).longValue())));
    return sb.toString();
  }

  static String seconds(long ms) {
    return String.format("%.1fs", ms / 1000.0);
  }
}
