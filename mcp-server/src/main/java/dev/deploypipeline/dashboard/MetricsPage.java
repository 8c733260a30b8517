package dev.deploypipeline.dashboard;

import dev.deploypipeline.deploy.DeployException;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.Dora;
import dev.deploypipeline.deploy.Since;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** {@code /metrics}: DORA's four keys for a service and environment over a period, chosen in a GET form. */
final class MetricsPage {
  private MetricsPage() {}

  static String render(DeploymentService service, String svc, String environment, String since) {
    String problem = null;
    List<String> names = EnvironmentsNow.environments(service);
    String last = names.contains("prod") ? "prod" : names.get(names.size() - 1);
    String env = environment == null || environment.isBlank() ? last : environment;
    if (!names.contains(env)) {
      problem = "environment: '" + env + "' is not one of " + names + "; showing " + last;
      env = last;
    }
    String name = svc == null || svc.isBlank() ? EnvironmentsNow.configuredService(service) : svc.strip();
    String period = since == null || since.isBlank() ? "30d" : since.strip();
    Instant from;
    try {
      from = Since.parse("since", period, service.clock());
    } catch (DeployException e) {
      problem = e.getMessage() + " Showing the last 30 days.";
      period = "30d";
      from = null;
    }
    Dora d = service.dora(name, env, from);
    Html h = new Html().open("Metrics", "nav-metrics", problem);
    h.raw("<form id=\"metrics-form\" method=\"get\" action=\"/metrics\" class=\"filters\">")
        .raw("<div class=\"field\"><label for=\"metrics-service\">Service</label><input id=\"metrics-service\" ")
        .raw("name=\"service\" value=\"").text(name).raw("\" placeholder=\"every service\" spellcheck=\"false\"></div>")
        .raw("<div class=\"field\"><label for=\"metrics-environment\">Environment</label>")
        .raw("<select id=\"metrics-environment\" name=\"environment\">");
    for (String e : names) {
      h.raw("<option").raw(e.equals(env) ? " selected" : "").raw(">").text(e).raw("</option>");
    }
    h.raw("</select></div><div class=\"field\"><label for=\"metrics-since\">Since</label><input id=\"metrics-since\" ")
        .raw("name=\"since\" value=\"").text(period).raw("\" aria-describedby=\"since-help\" spellcheck=\"false\">")
        .raw("<p id=\"since-help\" class=\"help\">A span back from now (30d, 12h), a date (2026-11-01) or a time ")
        .raw("with a zone.</p></div><div class=\"field\"><button type=\"submit\">Show</button></div></form>");
    h.raw("<p id=\"metrics-period\">").text((d.service() == null ? "Every service" : d.service()) + " in "
        + d.environment() + ", from ").time(d.since(), "").text(" to ").time(d.until(), "")
        .text(" (" + d.days() + " days).").raw("</p>");
    h.raw("<dl id=\"dora\" class=\"metrics\">");
    metric(h, "deployment-frequency", "Deployment frequency", d.deploymentsPerDay() == null ? "—"
        : String.format(Locale.ROOT, "%.2f per day", d.deploymentsPerDay()),
        d.deployments() + " deployment(s) went live");
    metric(h, "lead-time", "Lead time for changes (median)", d.medianLeadTimeMs() == null ? "—"
        : TimelinePage.human(d.medianLeadTimeMs()), "commit to live, over " + d.leadTimeSamples() + " deployment(s)");
    metric(h, "change-failure-rate", "Change failure rate", d.changeFailureRate() == null ? "—"
        : String.format(Locale.ROOT, "%.1f%%", d.changeFailureRate() * 100), d.failures() + " of " + d.changes()
        + " finished deployment(s) failed or were rolled back");
    metric(h, "time-to-restore", "Time to restore (median)", d.medianTimeToRestoreMs() == null ? "—"
        : TimelinePage.human(d.medianTimeToRestoreMs()), d.restored() + " restored, " + d.unrestored()
        + " not restored yet");
    h.raw("</dl>");
    if (d.truncated()) h.raw("<p>Only the newest ").text(Dora.MAX_ROWS).raw(" deployments were counted.</p>");
    h.raw("<p>How each figure is computed: see docs/dashboard.md.</p>");
    return h.close().toString();
  }

  private static void metric(Html h, String key, String label, String value, String detail) {
    h.raw("<div data-metric=\"").raw(key).raw("\"><dt>").text(label).raw("</dt><dd><span class=\"value\">")
        .text(value).raw("</span> <span class=\"detail\">").text(detail).raw("</span></dd></div>");
  }
}
