package dev.deploypipeline.dashboard;

import dev.deploypipeline.store.AuditEntry;
import dev.deploypipeline.store.AuditVerification;
import java.util.List;
import java.util.Map;

/** One deployment's audit trail ({@code #audit}) and the verify status of the whole chain ({@code #audit-chain}). */
final class AuditSection {
  private static final List<String> SHOWN = List.of("channel", "rule", "reason", "comment", "branch", "version",
      "principal", "environment");

  private AuditSection() {}

  static void render(Html h, List<AuditEntry> entries, AuditVerification chain) {
    h.raw("<section id=\"audit-section\" aria-labelledby=\"audit-title\"><h2 id=\"audit-title\">Audit trail</h2>");
    h.raw("<p id=\"audit-chain\" class=\"").raw(chain.intact() ? "chain-ok" : "chain-broken").raw("\">");
    if (chain.intact()) h.text("Hash chain valid: " + chain.lines() + " line(s) verified.");
    else h.text("Hash chain BROKEN: " + chain.problem().orElse("unknown problem")
        + ". Run `deployment-pipeline deploy audit --verify` and restore the trail from a backup.");
    h.raw("</p><div class=\"table-wrap\"><table id=\"audit\"><caption>Every recorded step and refusal</caption>")
        .raw("<thead><tr><th scope=\"col\">#</th><th scope=\"col\">At</th><th scope=\"col\">Actor</th>")
        .raw("<th scope=\"col\">Event</th><th scope=\"col\">Change</th><th scope=\"col\">Details</th></tr></thead>")
        .raw("<tbody>");
    for (AuditEntry e : entries) {
      h.raw("<tr data-event=\"").text(e.event()).raw("\"><td>").text(e.seq()).raw("</td><td>").time(e.at(), "")
          .raw("</td><td>").text(e.actor()).raw("</td><td>").text(e.event()).raw("</td><td>");
      if (e.from() != null || e.to() != null) h.text((e.from() == null ? "∅" : e.from()) + " → "
          + (e.to() == null ? "∅" : e.to()));
      h.raw("</td><td>").text(details(e.details())).raw("</td></tr>");
    }
    h.raw("</tbody></table></div></section>");
  }

  /** The details people read (channel, rule, reason...); signatures and payloads stay in the CLI's --json. */
  private static String details(Map<String, Object> d) {
    if (d == null) return "";
    StringBuilder b = new StringBuilder();
    for (String k : SHOWN) {
      if (d.get(k) != null) b.append(b.length() == 0 ? "" : "; ").append(k).append(": ").append(d.get(k));
    }
    return b.toString();
  }
}
