package dev.deploypipeline.notify;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;

/**
 * A notification as a multipart/alternative email: plain text first, HTML last (clients show the last part they
 * can render). Every value is HTML-escaped, since service names, logs and comments are not trusted markup.
 */
final class EmailMessage {
  /** Mail has no hard limit, but a megabyte log in an inbox helps nobody. */
  static final int DETAIL_MAX = 20_000;
  static final int SUBJECT_MAX = 200;

  private EmailMessage() {}

  static String subject(DeploymentNotification n) {
    NotificationFacts f = NotificationFacts.of(n);
    return Text.head(Text.oneLine("[deploy] " + f.title()
        + (n.environment() == null ? "" : " (" + n.environment() + ")")), SUBJECT_MAX);
  }

  static String plain(DeploymentNotification n) {
    NotificationFacts f = NotificationFacts.of(n);
    StringBuilder b = new StringBuilder(f.title()).append("\n\n").append(f.summary()).append("\n\n");
    for (Map.Entry<String, String> e : f.facts().entrySet()) {
      b.append(e.getKey()).append(": ").append(e.getValue()).append('\n');
    }
    if (n.detail() != null && !n.detail().isBlank()) b.append('\n').append(Text.tail(n.detail(), DETAIL_MAX)).append('\n');
    if (n.approveCommand() != null) b.append("\nTo approve, run in a terminal:\n  ").append(n.approveCommand()).append('\n');
    if (n.detailsUrl() != null) b.append("\nDeployment details: ").append(n.detailsUrl()).append('\n');
    if (n.executionUrl() != null) b.append("Harness execution: ").append(n.executionUrl()).append('\n');
    return b.toString();
  }

  static String html(DeploymentNotification n) {
    NotificationFacts f = NotificationFacts.of(n);
    StringBuilder b = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
    b.append("<h2>").append(esc(f.title())).append("</h2><p>").append(esc(f.summary())).append("</p>");
    b.append("<table cellpadding=\"4\">");
    for (Map.Entry<String, String> e : f.facts().entrySet()) {
      b.append("<tr><th align=\"left\">").append(esc(e.getKey())).append("</th><td>").append(esc(e.getValue()))
          .append("</td></tr>");
    }
    b.append("</table>");
    if (n.detail() != null && !n.detail().isBlank()) {
      b.append("<pre>").append(esc(Text.tail(n.detail(), DETAIL_MAX))).append("</pre>");
    }
    if (n.approveCommand() != null) {
      b.append("<p>To approve, run in a terminal:</p><pre>").append(esc(n.approveCommand())).append("</pre>");
    }
    link(b, "Deployment details", n.detailsUrl());
    link(b, "Harness execution", n.executionUrl());
    return b.append("</body></html>").toString();
  }

  static MimeMessage build(Session session, SmtpSettings smtp, DeploymentNotification n, Date sentAt)
      throws MessagingException {
    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress(smtp.from(), true));
    for (String to : smtp.to()) m.addRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to, true));
    m.setSubject(subject(n), StandardCharsets.UTF_8.name());
    m.setSentDate(sentAt);
    MimeBodyPart text = new MimeBodyPart();
    text.setText(plain(n), StandardCharsets.UTF_8.name(), "plain");
    MimeBodyPart html = new MimeBodyPart();
    html.setText(html(n), StandardCharsets.UTF_8.name(), "html");
    m.setContent(new MimeMultipart("alternative", text, html));
    return m;
  }

  private static void link(StringBuilder b, String label, String url) {
    if (url == null) return;
    b.append("<p><a href=\"").append(esc(url)).append("\">").append(esc(label)).append("</a></p>");
  }

  static String esc(String s) {
    return dev.deploypipeline.text.HtmlText.escape(s);
  }
}
