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
    out.println(jsonText(value));
  }

  static String jsonText(Object value) {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
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
    if (d.get("approval") instanceof Map<?, ?> a) out.println("  approval: " + approval(a));
    if (Boolean.TRUE.equals(d.get("stalled"))) out.println("  STALLED: no live process is driving it");
    if (d.get("logTail") instanceof List<?> tail && !tail.isEmpty()
        && ("failed".equals(d.get("state")) || Boolean.TRUE.equals(d.get("stalled")))) {
      out.println("  log (" + d.get("logStage") + "):");
      tail.forEach(l -> out.println("    | " + l));
    }
    out.println("  next: " + d.get("nextStep"));
  }

  /** One line of a checklist (deploy validate, doctor): ok, FAIL (blocking) or warn (advisory). */
  static void check(PrintStream out, dev.deploypipeline.deploy.Preflight.Check c) {
    out.printf("%-4s %-12s %s%s%n", c.ok() ? "ok" : c.blocking() ? "FAIL" : "warn", c.check(), c.detail(),
        c.blocking() || c.ok() ? "" : " (advisory)");
  }

  /** {@code approved by ana@example.com at 2026-11-25T10:00:00Z after 2m 5s: "ship it"}, {@code pending since …}. */
  static String approval(Map<?, ?> a) {
    Object decision = a.get("decision");
    StringBuilder sb = new StringBuilder();
    switch (String.valueOf(decision)) {
      case "pending" -> sb.append("waiting for a decision since ").append(a.get("requestedAt"));
      case "none" -> sb.append("not decided (").append(String.valueOf(a.get("closedBy")).replace('-', ' ')).append(')');
      case "approve", "reject" -> {
        sb.append("approve".equals(decision) ? "approved" : "rejected").append(" by ").append(a.get("by"));
        if (a.get("decidedAt") != null) sb.append(" at ").append(a.get("decidedAt"));
        if (a.get("waitMs") instanceof Number w) sb.append(" after ").append(span(w.longValue()));
      }
      default -> sb.append(decision);
    }
    if (a.get("comment") != null) sb.append(": \"").append(a.get("comment")).append('"');
    return sb.toString();
  }

  /** The history summary as a sentence: counts, success rate and medians. */
  static String historySummary(Map<?, ?> s) {
    StringBuilder sb = new StringBuilder().append(s.get("count")).append(" deployment(s): ")
        .append(s.get("completed")).append(" completed, ").append(s.get("failed")).append(" failed, ")
        .append(s.get("rolledBack")).append(" rolled back, ").append(s.get("active")).append(" active");
    if (s.get("successRate") instanceof Number r) {
      sb.append("; success rate ").append(Math.round(r.doubleValue() * 100)).append('%');
    }
    if (s.get("medianDurationMs") instanceof Number m) sb.append("; median time ").append(span(m.longValue()));
    if (s.get("medianApprovalWaitMs") instanceof Number m) {
      sb.append("; median approval wait ").append(span(m.longValue()));
    }
    return sb.toString();
  }

  /** DORA's four keys as one line (deploy_history's summary.dora), or null when the summary has none. */
  static String doraSummary(Map<?, ?> s) {
    if (!(s.get("dora") instanceof Map<?, ?> d)) return null;
    Map<?, ?> f = (Map<?, ?>) d.get("deploymentFrequency");
    Map<?, ?> l = (Map<?, ?>) d.get("leadTime");
    Map<?, ?> c = (Map<?, ?>) d.get("changeFailureRate");
    Map<?, ?> t = (Map<?, ?>) d.get("timeToRestore");
    StringBuilder sb = new StringBuilder("DORA, ").append(d.get("environment")).append(" over ").append(d.get("days"))
        .append(" day(s): ").append(f.get("deployments")).append(" deployment(s)");
    if (f.get("perDay") instanceof Number n) sb.append(" (").append(n).append("/day)");
    sb.append("; lead time ").append(l.get("medianMs") instanceof Number m ? span(m.longValue()) : "n/a");
    sb.append("; change failure rate ").append(c.get("rate") instanceof Number r ? Math.round(r.doubleValue() * 100)
        + "% (" + c.get("failures") + " of " + c.get("changes") + ")" : "n/a");
    sb.append("; time to restore ").append(t.get("medianMs") instanceof Number m ? span(m.longValue()) : "n/a");
    if (t.get("unrestored") instanceof Number u && u.intValue() > 0) sb.append(" (").append(u).append(" unrestored)");
    return sb.toString();
  }

  /** {@code key=value} pairs separated by spaces (an audit line's details). */
  static String pairs(Map<?, ?> m) {
    StringBuilder sb = new StringBuilder();
    m.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
    return sb.toString();
  }

  /** 850 ms → {@code 0.9s}, 125 s → {@code 2m 5s}, 2 h → {@code 2h 0m}. */
  static String span(long ms) {
    long s = ms / 1000;
    if (s < 60) return seconds(ms);
    if (s < 3600) return (s / 60) + "m " + (s % 60) + "s";
    return (s / 3600) + "h " + (s % 3600 / 60) + "m";
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
