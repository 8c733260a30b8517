package dev.deploypipeline.notify;

import dev.deploypipeline.secrets.Redactor;
import dev.deploypipeline.workflow.Failure;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Clock;
import java.util.Date;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Sends HTML email with a plain-text alternative over SMTP (Angus Mail). Connect, read and write timeouts are
 * always set: Angus's defaults are infinite, and a mail server that stalls must not hold the channel forever.
 */
public final class EmailNotifier implements Notifier {
  public static final String CHANNEL = "email";
  private final SmtpSettings smtp;
  private final Redactor redactor;
  private final Clock clock;
  private final Session session;

  public EmailNotifier(SmtpSettings smtp, Redactor redactor, Clock clock) {
    this.smtp = smtp;
    this.redactor = redactor;
    this.clock = clock;
    this.session = Session.getInstance(properties(smtp));
  }

  static Properties properties(SmtpSettings smtp) {
    Properties p = new Properties();
    String ms = Long.toString(smtp.timeout().toMillis());
    p.setProperty("mail.transport.protocol", "smtp");
    p.setProperty("mail.smtp.host", smtp.host());
    p.setProperty("mail.smtp.port", Integer.toString(smtp.port()));
    p.setProperty("mail.smtp.connectiontimeout", ms);
    p.setProperty("mail.smtp.timeout", ms);
    p.setProperty("mail.smtp.writetimeout", ms);
    p.setProperty("mail.smtp.auth", Boolean.toString(smtp.auth()));
    p.setProperty("mail.smtp.starttls.enable", Boolean.toString(!"off".equals(smtp.starttls())));
    p.setProperty("mail.smtp.starttls.required", Boolean.toString("required".equals(smtp.starttls())));
    p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
    return p;
  }

  @Override
  public String channel() {
    return CHANNEL;
  }

  @Override
  public void send(DeploymentNotification notification) throws NotificationException {
    try {
      MimeMessage message = EmailMessage.build(session, smtp, notification, Date.from(clock.instant()));
      try (Transport transport = session.getTransport("smtp")) {
        transport.connect(smtp.host(), smtp.port(), smtp.auth() ? smtp.username() : null,
            smtp.auth() ? smtp.password() : null);
        transport.sendMessage(message, message.getAllRecipients());
      }
    } catch (MessagingException e) {
      throw classify(e);
    }
  }

  /** SMTP 4xx replies and network trouble are worth another attempt; 5xx replies and bad credentials are not. */
  NotificationException classify(MessagingException e) {
    int code = replyCode(e);
    String reason = "email via " + smtp.host() + ":" + smtp.port() + ": " + e.getClass().getSimpleName() + ": "
        + Text.oneLine(String.valueOf(e.getMessage()));
    Failure.Kind kind;
    String status;
    if (e instanceof AuthenticationFailedException) {
      kind = Failure.Kind.PERMANENT;
      status = "smtp-auth-failed";
    } else if (code > 0) {
      kind = code >= 400 && code < 500 ? Failure.Kind.TRANSIENT : Failure.Kind.PERMANENT;
      status = "smtp-" + code;
    } else if (e instanceof SendFailedException) {
      kind = Failure.Kind.PERMANENT;
      status = "smtp-rejected";
    } else if (causedByIo(e)) {
      kind = Failure.Kind.TRANSIENT;
      status = "connect-failed";
    } else {
      kind = Failure.Kind.PERMANENT;
      status = "smtp-error";
    }
    return new NotificationException(new Failure(kind, redactor.redact(Text.head(reason, 500)), null), status);
  }

  private static int replyCode(MessagingException e) {
    for (Throwable t = e; t != null; t = t instanceof MessagingException m ? m.getNextException() : t.getCause()) {
      if (t instanceof SMTPSendFailedException s) return s.getReturnCode();
      if (t instanceof SMTPAddressFailedException a) return a.getReturnCode();
      if (t == t.getCause()) break;
    }
    return -1;
  }

  private static boolean causedByIo(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) return true;
      if (t instanceof MessagingException m && m.getNextException() instanceof IOException) return true;
    }
    return false;
  }
}
