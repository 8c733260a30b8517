package dev.deploypipeline.notify;

import dev.deploypipeline.secrets.Redactor;
import static dev.deploypipeline.notify.Fixtures.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.deploypipeline.workflow.State;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmailNotifierTest {
  static final String PASSWORD = "s3cret-smtp-Pa55";

  @RegisterExtension
  static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("deploy@example.com", "deploy", PASSWORD));

  SmtpSettings smtp(String password) {
    return new SmtpSettings("127.0.0.1", greenMail.getSmtp().getPort(), "deploy@example.com",
        List.of("team@example.com", "oncall@example.com"), "on", "deploy", password, Duration.ofSeconds(2));
  }

  @Test
  void sendsHtmlWithPlainTextAlternativeToEveryRecipient() throws Exception {
    var n = Fixtures.notification(NotificationKind.AWAITING_APPROVAL, State.AWAITING_APPROVAL, "note <b>bold</b> & co");
    new EmailNotifier(smtp(PASSWORD), Redactor.NONE, CLOCK).send(n);

    MimeMessage[] received = greenMail.getReceivedMessages();
    assertThat(received).hasSize(2);  // one copy per recipient mailbox
    MimeMessage m = received[0];
    assertThat(m.getSubject()).isEqualTo("[deploy] Awaiting approval for prod: checkout-svc (prod)");
    assertThat(((InternetAddress) m.getFrom()[0]).getAddress()).isEqualTo("deploy@example.com");
    assertThat(Arrays.stream(m.getAllRecipients()).map(a -> ((InternetAddress) a).getAddress()))
        .containsExactly("team@example.com", "oncall@example.com");
    assertThat(m.getContentType()).startsWith("multipart/alternative");
    Multipart parts = (Multipart) m.getContent();
    assertThat(parts.getCount()).isEqualTo(2);
    BodyPart text = parts.getBodyPart(0);
    BodyPart html = parts.getBodyPart(1);
    assertThat(text.getContentType()).startsWith("text/plain");
    assertThat(html.getContentType()).startsWith("text/html");
    assertThat((String) text.getContent()).contains("Service: checkout-svc", "Environment: prod",
        "deployment-pipeline deploy approve d-42", "https://deploy.example.com/d/d-42", "note <b>bold</b> & co");
    assertThat((String) html.getContent()).contains("<th align=\"left\">Version</th><td>1.4.2</td>",
        "<pre>deployment-pipeline deploy approve d-42</pre>",
        "<a href=\"https://app.harness.io/ng/account/x/executions/abc\">Harness execution</a>",
        "note &lt;b&gt;bold&lt;/b&gt; &amp; co").doesNotContain("<b>bold</b>");
  }

  @Test
  void allThreeTimeoutsAndStarttlsAreSet() {
    var required = new SmtpSettings("smtp.example.com", 587, "a@example.com", List.of("b@example.com"), "required",
        "u", "p", Duration.ofMillis(1500));
    var p = EmailNotifier.properties(required);
    assertThat(p.getProperty("mail.smtp.connectiontimeout")).isEqualTo("1500");
    assertThat(p.getProperty("mail.smtp.timeout")).isEqualTo("1500");
    assertThat(p.getProperty("mail.smtp.writetimeout")).isEqualTo("1500");
    assertThat(p.getProperty("mail.smtp.starttls.enable")).isEqualTo("true");
    assertThat(p.getProperty("mail.smtp.starttls.required")).isEqualTo("true");
    assertThat(p.getProperty("mail.smtp.auth")).isEqualTo("true");
    assertThat(required.toString()).doesNotContain("=p,").contains("password=[redacted]");
  }

  @Test
  void starttlsRequiredFailsAgainstAServerWithoutIt() {
    var s = new SmtpSettings("127.0.0.1", greenMail.getSmtp().getPort(), "deploy@example.com",
        List.of("team@example.com"), "required", "deploy", PASSWORD, Duration.ofSeconds(2));
    var n = Fixtures.notification(NotificationKind.STARTED, State.VALIDATING, null);
    assertThatThrownBy(() -> new EmailNotifier(s, Redactor.NONE, CLOCK).send(n))
        .isInstanceOf(NotificationException.class);
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void wrongPasswordIsPermanentAndTheMessageHoldsNoPassword() {
    var n = Fixtures.notification(NotificationKind.STARTED, State.VALIDATING, null);
    String wrong = "wrong-password-123";
    assertThatThrownBy(() -> new EmailNotifier(smtp(wrong), Redactor.of(List.of(wrong)), CLOCK).send(n))
        .isInstanceOfSatisfying(NotificationException.class, e -> {
          assertThat(e.status()).isEqualTo("smtp-auth-failed");
          assertThat(e.failure().isTransient()).isFalse();
          assertThat(e.getMessage()).doesNotContain(wrong);
        });
  }

  @Test
  void refusedConnectionIsTransient() throws Exception {
    var s = new SmtpSettings("127.0.0.1", Fixtures.closedPort(), "deploy@example.com", List.of("team@example.com"),
        "on", null, null, Duration.ofSeconds(1));
    var n = Fixtures.notification(NotificationKind.STARTED, State.VALIDATING, null);
    assertThatThrownBy(() -> new EmailNotifier(s, Redactor.NONE, CLOCK).send(n))
        .isInstanceOfSatisfying(NotificationException.class, e -> {
          assertThat(e.status()).isEqualTo("connect-failed");
          assertThat(e.failure().isTransient()).isTrue();
        });
  }
}
