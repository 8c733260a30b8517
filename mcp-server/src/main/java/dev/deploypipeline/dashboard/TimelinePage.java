package dev.deploypipeline.dashboard;

import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.store.HistoryQuery;
import dev.deploypipeline.workflow.DeploymentSummary;
import java.time.Duration;

/** {@code /deployments}: the newest deployments first, each with its state, version, who started it and timings. */
final class TimelinePage {
  static final int LIMIT = 100;

  private TimelinePage() {}

  static String render(DeploymentService service) {
    Html h = new Html().open("Timeline", "nav-timeline");
    var rows = service.store().history(HistoryQuery.all(LIMIT));
    if (rows.isEmpty()) h.raw("<p id=\"timeline-empty\">No deployments yet: start one from the ")
        .link("/", "Overview").raw(".</p>");
    h.raw("<ol id=\"timeline\" reversed>");
    for (DeploymentSummary s : rows) {
      h.raw("<li data-deployment-id=\"").text(s.id()).raw("\" data-state=\"").text(s.state().id()).raw("\">")
          .raw("<div class=\"line\">").link("/deployments/" + s.id(), s.id())
          .raw(" <span class=\"badge ").text(s.state().id()).raw("\">").text(s.state().id()).raw("</span> ")
          .raw("<strong class=\"service\">").text(s.service()).raw("</strong> <code class=\"version\">")
          .text(s.version()).raw("</code> from <code class=\"branch\">").text(s.branch()).raw("</code></div>")
          .raw("<div class=\"meta\">started ").time(s.createdAt(), "?").raw(" by ").text(s.startedBy());
      if (s.durationMs() != null) h.raw(", took ").text(human(s.durationMs()));
      if (s.environments() != null && !s.environments().isEmpty()) {
        h.raw(", reached ").text(String.join(" → ", s.environments()));
      }
      if (s.error() != null) h.raw("<div class=\"error\">").text(s.error()).raw("</div>");
      h.raw("</div></li>");
    }
    h.raw("</ol>");
    if (rows.size() == LIMIT) h.raw("<p>Showing the newest ").text(LIMIT)
        .raw("; <code>deployment-pipeline deploy history</code> lists older ones.</p>");
    return h.close().toString();
  }

  /** 1h 2m 3s, 4m 5s, 6s, 700 ms. */
  static String human(long ms) {
    if (ms < 1000) return ms + " ms";
    Duration d = Duration.ofMillis(ms);
    StringBuilder b = new StringBuilder();
    if (d.toDays() > 0) b.append(d.toDays()).append("d ");
    if (d.toHoursPart() > 0 || b.length() > 0) b.append(d.toHoursPart()).append("h ");
    if (d.toMinutesPart() > 0 || b.length() > 0) b.append(d.toMinutesPart()).append("m ");
    return b.append(d.toSecondsPart()).append('s').toString();
  }
}
