package dev.deploypipeline.dashboard;

import java.util.List;
import java.util.Map;

/**
 * The canary or blue-green view of a deployment ({@code #rollout}): phase and step, the traffic split as meters,
 * the last measured error rate and every analysis verdict with its metrics. Input is deploy_status's rollout map.
 */
final class RolloutSection {
  private RolloutSection() {}

  static void render(Html h, Map<?, ?> r) {
    h.raw("<section id=\"rollout\" aria-labelledby=\"rollout-title\" data-strategy=\"").text(r.get("strategy"))
        .raw("\" data-phase=\"").text(r.get("phase")).raw("\"><h2 id=\"rollout-title\">Rollout in ")
        .text(r.get("environment")).raw(": ").text(r.get("strategy")).raw("</h2><dl class=\"facts\">");
    h.fact("Phase", r.get("phase") + (r.get("waitingFor") == null ? "" : " (waiting for " + r.get("waitingFor") + ")"));
    h.fact("Step", r.get("step") + " of " + r.get("steps"));
    h.fact("Stable version", r.get("stableVersion"));
    h.fact("New version", r.get("newVersion") + " at " + r.get("newPercent") + "%");
    h.raw("<dt>Error rate</dt><dd class=\"error-rate\">")
        .text(r.get("errorRate") == null ? "not measured yet" : percent(r.get("errorRate"))).raw("</dd>");
    if (r.get("reason") != null) h.fact("Reason", r.get("reason"));
    h.raw("</dl><h3>Traffic weights</h3><ul class=\"weights\">");
    for (Object o : list(r.get("weights"))) {
      Map<?, ?> w = (Map<?, ?>) o;
      String label = "weight-" + Html.esc(w.get("address")).replaceAll("[^A-Za-z0-9_-]", "-");
      h.raw("<li data-address=\"").text(w.get("address")).raw("\" data-weight=\"").text(w.get("weight"))
          .raw("\"><span id=\"").raw(label).raw("\">").text(w.get("address")).raw(": ").text(w.get("weight"))
          .raw("</span> <meter min=\"0\" max=\"100\" value=\"").text(w.get("weight")).raw("\" aria-labelledby=\"")
          .raw(label).raw("\"></meter></li>");
    }
    h.raw("</ul><h3>Verdicts</h3>");
    List<?> verdicts = list(r.get("verdicts"));
    if (verdicts.isEmpty()) h.raw("<p>No analysis has run yet.</p>");
    else {
      h.raw("<div class=\"table-wrap\"><table class=\"verdicts\"><thead><tr><th scope=\"col\">At</th>")
          .raw("<th scope=\"col\">Verdict</th><th scope=\"col\">Metrics</th></tr></thead><tbody>");
      for (Object o : verdicts) {
        Map<?, ?> v = (Map<?, ?>) o;
        h.raw("<tr data-verdict=\"").text(v.get("verdict")).raw("\"><td>").text(v.get("at")).raw("</td><td>")
            .raw("<span class=\"badge ").text(v.get("verdict")).raw("\">").text(v.get("verdict")).raw("</span>");
        if (v.get("failingCheck") != null) h.raw(" (").text(v.get("failingCheck")).raw(")");
        if (v.get("approvedBy") != null) h.raw(" accepted by ").text(v.get("approvedBy"));
        h.raw("</td><td><ul>");
        for (Object m : list(v.get("metrics"))) {
          Map<?, ?> x = (Map<?, ?>) m;
          h.raw("<li>").text(x.get("name")).raw(": ").text(x.get("verdict")).raw(" ").text(x.get("measured"));
          if (x.get("detail") != null) h.raw(" — ").text(x.get("detail"));
          h.raw("</li>");
        }
        h.raw("</ul></td></tr>");
      }
      h.raw("</tbody></table></div>");
    }
    if (r.get("rollback") instanceof Map<?, ?> b) {
      h.raw("<p class=\"rollback\">Rolled back by ").text(b.get("kind")).raw(" to ").text(b.get("toVersion"))
          .raw(" in ").text(TimelinePage.human(((Number) b.get("durationMs")).longValue())).raw(".</p>");
    }
    h.raw("</section>");
  }


  private static String percent(Object rate) {
    return rate instanceof Number n ? String.format(java.util.Locale.ROOT, "%.2f%%", n.doubleValue() * 100)
        : String.valueOf(rate);
  }

  private static List<?> list(Object o) {
    return o instanceof List<?> l ? l : List.of();
  }
}
