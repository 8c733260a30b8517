package dev.deploypipeline.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.config.PipelineConfig;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotificationsConfigTest {
  static final jakarta.validation.ValidatorFactory FACTORY = Validation.byDefaultProvider().configure()
      .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();
  static final Validator VALIDATOR = FACTORY.getValidator();

  @AfterAll
  static void close() {
    FACTORY.close();
  }

  static Set<String> errors(NotificationsConfig n) {
    var pc = new PipelineConfig("svc", "local", null, null, null, null, n);
    Set<String> out = new TreeSet<>();
    for (ConstraintViolation<PipelineConfig> v : VALIDATOR.validate(pc)) {
      out.add(v.getPropertyPath().toString().replace(".<list element>", "") + ": " + v.getMessage());
    }
    return out;
  }

  static WebhookChannelConfig webhook(String url, String env, List<String> events) {
    return new WebhookChannelConfig(url, env, events);
  }

  static EmailConfig email(String host, Integer port, String from, List<String> to, String starttls) {
    return new EmailConfig(host, port, from, to, starttls, null, null, null);
  }

  @Test
  void aCompleteConfigIsValid() {
    var c = new NotificationsConfig(List.of("slack", "teams", "email"),
        webhook(null, "SLACK_WEBHOOK_URL", List.of("awaiting-approval", "failed")), webhook("${TEAMS_WEBHOOK_URL}", null, null),
        email("smtp.example.com", 587, "deploy@example.com", List.of("team@example.com"), "required"),
        "https://deploy.example.com/d/{id}", 5000);
    assertThat(errors(c)).isEmpty();
    assertThat(c.eventsFor("slack")).containsExactlyInAnyOrder(NotificationKind.AWAITING_APPROVAL, NotificationKind.FAILED);
    assertThat(c.eventsFor("teams")).containsExactlyInAnyOrderElementsOf(NotificationKind.SELECTABLE);
    assertThat(c.detailsUrlFor("d-7")).isEqualTo("https://deploy.example.com/d/d-7");
  }

  @Test
  void jakartaErrorsNameThePathAndTheFix() {
    var c = new NotificationsConfig(List.of("slack", "sms", "slack", "email"),
        webhook(null, "https://hooks.slack.com/services/T/B/X", List.of("started", "deployed")), null, null,
        "ftp://x", 5);
    assertThat(errors(c)).containsExactlyInAnyOrder(
        "notifications.channels[1]: must be one of slack, teams, email",
        "notifications.channels[2]: lists 'slack' twice; remove one",
        "notifications.email: is required when channels lists email: add host, port, from and to",
        "notifications.slack.webhookUrlEnv: must be the name of an environment variable, such as SLACK_WEBHOOK_URL (not the URL itself)",
        "notifications.slack.events[1]: must be one of started, stage-failed, awaiting-approval, approved, rejected, completed, failed, rolled-back",
        "notifications.detailsUrl: must be an http(s) URL, with {id} where the deployment id goes",
        "notifications.timeoutMs: must be at least 100 (ms)");
  }

  @Test
  void emailFieldsAreChecked() {
    var c = new NotificationsConfig(List.of("email"), null, null,
        email("", 70000, "not-an-address", List.of("ok@example.com", "bad"), "maybe"), null, null);
    assertThat(errors(c)).containsExactlyInAnyOrder(
        "notifications.email.host: is required: the SMTP server, such as smtp.example.com",
        "notifications.email.port: must be 1 to 65535 (587 for submission with STARTTLS)",
        "notifications.email.from: must be an email address, such as deploy@example.com",
        "notifications.email.to[1]: must be an email address, such as team@example.com",
        "notifications.email.starttls: must be 'required', 'on' or 'off'");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // case | webhookUrl in config | env value | expected error (empty = ok)
      "literal URL typed into the file | https://hooks.slack.com/services/T/B/LITERAL | https://hooks.slack.com/services/T/B/OTHER | notifications.slack.webhookUrl: must not be written in the config file, it is a secret; write \"webhookUrl\": \"${SLACK_WEBHOOK_URL}\" (or \"webhookUrlEnv\": \"SLACK_WEBHOOK_URL\") and export SLACK_WEBHOOK_URL with the URL",
      "interpolated from the environment | https://hooks.slack.com/services/T/B/ENV | https://hooks.slack.com/services/T/B/ENV |",
      "reference left uninterpolated | ${SLACK_WEBHOOK_URL} | https://hooks.slack.com/services/T/B/ENV |",
      "only the variable | | https://hooks.slack.com/services/T/B/ENV |",
      "variable not set | | | notifications.slack.webhookUrl: SLACK_WEBHOOK_URL is not set; export SLACK_WEBHOOK_URL with the slack webhook URL, or remove slack from notifications.channels",
      "plain http to a remote host | | http://hooks.example.com/x | notifications.slack.webhookUrl: must be https (http is accepted only for 127.0.0.1 or localhost); set SLACK_WEBHOOK_URL to the https webhook URL",
      "http on loopback for tests | | http://127.0.0.1:8080/x |",
      "http on localhost | | http://localhost:8080/x |",
      "not a URL | | not a url at all | notifications.slack.webhookUrl: the value of SLACK_WEBHOOK_URL is not a URL; set it to the https webhook URL",
  })
  void webhookUrlsComeOnlyFromTheEnvironmentAndAreHttps(String name, String inConfig, String envValue, String expected) {
    var c = new NotificationsConfig(List.of("slack"), webhook(inConfig, null, null), null, null, null, null);
    Map<String, String> env = envValue == null ? Map.of() : Map.of("SLACK_WEBHOOK_URL", envValue);
    List<String> errors = NotificationChannels.check(c, env);
    if (expected == null) assertThat(errors).isEmpty();
    else assertThat(errors).containsExactly(expected);
    if (envValue != null) assertThat(String.join("\n", errors)).doesNotContain(envValue);
  }

  @Test
  void teamsHttpsErrorNamesTeams() {
    var c = new NotificationsConfig(List.of("teams"), null, webhook(null, "MY_TEAMS_HOOK", null), null, null, null);
    assertThat(NotificationChannels.check(c, Map.of("MY_TEAMS_HOOK", "http://prod-1.westeurope.logic.azure.com/w?sig=abc")))
        .containsExactly("notifications.teams.webhookUrl: must be https (http is accepted only for 127.0.0.1 or "
            + "localhost); set MY_TEAMS_HOOK to the https webhook URL");
  }

  @Test
  void smtpPasswordComesFromTheEnvironmentAndIsNeverSentInClear() {
    var c = new NotificationsConfig(List.of("email"), null, null,
        email("smtp.example.com", 587, "deploy@example.com", List.of("team@example.com"), "off"), null, null);
    assertThat(NotificationChannels.check(c, Map.of("SMTP_USERNAME", "deploy"))).containsExactly(
        "notifications.email.passwordEnv: SMTP_USERNAME is set but SMTP_PASSWORD is not; export the SMTP password, "
            + "or unset the username to send without auth",
        "notifications.email.starttls: 'off' would send the SMTP password in clear; use 'required'");
    assertThat(NotificationChannels.check(c, Map.of())).as("no auth, nothing to leak").isEmpty();
  }

  @Test
  void channelsDefaultToThoseWithASection() {
    var c = new NotificationsConfig(null, webhook(null, null, null), null, null, null, null);
    assertThat(NotificationChannels.active(c)).containsExactly("slack");
    assertThat(NotificationChannels.active(null)).isEmpty();
  }
}
