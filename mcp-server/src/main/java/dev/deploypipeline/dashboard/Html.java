package dev.deploypipeline.dashboard;

import dev.deploypipeline.text.HtmlText;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The one place HTML is written: every dynamic value goes through {@link #text} or {@link #esc}, so a service,
 * branch or log line with markup in it is shown, never run. Pages append to one builder and are sent whole.
 */
final class Html {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
      .withZone(ZoneOffset.UTC);

  private final StringBuilder out = new StringBuilder(4096);

  /** Escapes for element content and quoted attribute values alike. */
  static String esc(Object value) {
    return value == null ? "" : HtmlText.escape(value.toString());
  }

  static String time(Instant at) {
    return at == null ? "" : TIME.format(at);
  }

  /** Markup written by the page code itself (never data). */
  Html raw(String markup) {
    out.append(markup);
    return this;
  }

  Html text(Object value) {
    out.append(esc(value));
    return this;
  }

  /** {@code <time datetime=...>} so that a browser or screen reader gets the exact instant. */
  Html time(Instant at, String empty) {
    if (at == null) return text(empty);
    return raw("<time datetime=\"").text(at.toString()).raw("\">").text(time(at)).raw("</time>");
  }

  /** A {@code <dt>/<dd>} pair, left out when there is no value. */
  Html fact(String term, Object value) {
    if (value == null) return this;
    return raw("<dt>").text(term).raw("</dt><dd>").text(value).raw("</dd>");
  }

  Html link(String href, Object label) {
    return raw("<a href=\"").text(href).raw("\">").text(label).raw("</a>");
  }

  /** A page: head, skip link, navigation ({@code active} is marked current), the message area, then main. */
  Html open(String title, String active) {
    return open(title, active, null);
  }

  /** As {@link #open(String, String)} with {@code message} already shown in the alert area. */
  Html open(String title, String active, String message) {
    raw("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .raw("<title>").text(title).raw(" · deployment-pipeline</title>")
        .raw("<link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"/static/dashboard.css\">")
        .raw("<script src=\"/static/dashboard.js\" defer></script></head><body>")
        .raw("<a class=\"skip\" href=\"#main\">Skip to content</a>")
        .raw("<header><span class=\"brand\">deployment-pipeline</span><nav aria-label=\"Main\"><ul>");
    nav("nav-overview", "/", "Overview", active);
    nav("nav-timeline", "/deployments", "Timeline", active);
    nav("nav-compare", "/compare", "Compare", active);
    nav("nav-metrics", "/metrics", "Metrics", active);
    return raw("</ul></nav></header>")
        .raw("<div id=\"message\" role=\"alert\" tabindex=\"-1\"").raw(message == null ? " hidden>" : ">")
        .text(message).raw("</div><div id=\"notice\" role=\"status\"></div>")
        .raw("<main id=\"main\" tabindex=\"-1\"><h1>").text(title).raw("</h1>");
  }

  private void nav(String id, String href, String label, String active) {
    raw("<li><a id=\"").raw(id).raw("\" href=\"").raw(href).raw("\"")
        .raw(id.equals(active) ? " aria-current=\"page\"" : "").raw(">").text(label).raw("</a></li>");
  }

  Html close() {
    return raw("</main></body></html>\n");
  }

  /**
   * A modal confirmation: {@code <dialog>} opened with showModal (focus moves in, Escape closes, focus returns to
   * the opener in dashboard.js); {@code fields} is the markup of its labelled inputs.
   */
  Html dialog(String name, String title, String explanation, String fields, String confirmLabel) {
    return raw("<dialog id=\"").raw(name).raw("-dialog\" aria-labelledby=\"").raw(name).raw("-title\">")
        .raw("<form method=\"dialog\"><h2 id=\"").raw(name).raw("-title\">").text(title).raw("</h2>")
        .raw("<div class=\"explain\">").raw(explanation).raw("</div>").raw(fields)
        .raw("<div class=\"buttons\"><button type=\"button\" id=\"").raw(name)
        .raw("-cancel\" class=\"secondary\">Cancel")
        .raw("</button><button type=\"submit\" id=\"").raw(name).raw("-confirm\" value=\"confirm\">").text(confirmLabel)
        .raw("</button></div></form></dialog>");
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
