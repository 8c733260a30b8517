package dev.deploypipeline.notify;

import static dev.deploypipeline.notify.Fixtures.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.deploypipeline.cli.NotifyCommand;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.mcp.NotifyTestTool;
import dev.deploypipeline.mcp.ToolContext;
import dev.deploypipeline.workflow.Event;
import dev.deploypipeline.workflow.Failure;
import dev.deploypipeline.workflow.RetryPolicy;
import dev.deploypipeline.workflow.State;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * With real secrets in the environment and servers that echo the request back in their errors, no webhook URL,
 * token or password may appear in audit records, logs, exceptions, CLI or tool output, or the messages sent.
 */
class SecretScanTest {
  static final String SLACK_TOKEN = "xoxSlackTok3nSECRET";
  static final String TEAMS_SIG = "TeamsSigSECRET987654";
  static final String SMTP_PASSWORD = "SmtpPassw0rdSECRET";

  @RegisterExtension
  static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("deploy@example.com", "deploy", "another-password"));

  @Test
  void noSecretAppearsAnywhere() throws Exception {
    // Echoing servers: Slack says which path it did not know, Teams repeats the query string.
    try (FakeWebhook slack = FakeWebhook.answering(r -> FakeWebhook.Answer.of(404, "no_service for " + r.path()));
        FakeWebhook teams = FakeWebhook.answering(r -> FakeWebhook.Answer.of(500, "flow failed: " + r.query()))) {
      String slackUrl = slack.url("/services/T0/B0/" + SLACK_TOKEN);
      String teamsUrl = teams.url("/workflows/abc/invoke?api-version=1&sig=" + TEAMS_SIG);
      Map<String, String> env = Map.of("SLACK_WEBHOOK_URL", slackUrl, "TEAMS_WEBHOOK_URL", teamsUrl,
          "SMTP_USERNAME", "deploy", "SMTP_PASSWORD", SMTP_PASSWORD);
      var email = new EmailConfig("127.0.0.1", greenMail.getSmtp().getPort(), "deploy@example.com",
          List.of("team@example.com"), "on", null, null, null);
      var notifications = new NotificationsConfig(List.of("slack", "teams", "email"), null, null, email, null, 1000);
      var pipeline = new PipelineConfig("checkout-svc", "local", null, null, null, null, notifications);

      StringBuilder everything = new StringBuilder();
      PrintStream realErr = System.err;
      ByteArrayOutputStream logs = new ByteArrayOutputStream();
      System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
      Fixtures.AuditSink audit = new Fixtures.AuditSink();
      try {
        var sleeper = new Fixtures.RecordingSleeper();
        try (NotificationDispatcher d = NotificationDispatcher.create(notifications, env, RetryPolicy.DEFAULT, sleeper,
            CLOCK, audit)) {
          var building = Fixtures.deployment(State.BUILDING);
          d.attemptFailed(building, "build", 3,
              Failure.permanent("build log: curl " + slackUrl + " failed; SMTP_PASSWORD=" + SMTP_PASSWORD), false);
          d.transitioned(building.apply(Event.FAILURE, CLOCK.instant()), State.BUILDING, Event.FAILURE, "engine");
          assertThat(d.drain(Duration.ofSeconds(20))).isTrue();
        }

        var tool = new NotifyTestTool(() -> pipeline, env, sleeper, CLOCK, audit);
        for (String ch : NotificationsConfig.CHANNELS) {
          var result = tool.call(ToolContext.NONE, Map.of("channel", ch));
          assertThat(result.structuredContent()).isNotNull();
          everything.append(result.structuredContent()).append(result.content());
        }

        for (String ch : NotificationsConfig.CHANNELS) {
          StringWriter out = new StringWriter();
          StringWriter err = new StringWriter();
          var cli = new CommandLine(new NotifyCommand(dir -> pipeline, env, sleeper, CLOCK, audit));
          cli.setOut(new PrintWriter(out));
          cli.setErr(new PrintWriter(err));
          assertThat(cli.execute("test", "--channel", ch)).isEqualTo(NotifyCommand.NOT_DELIVERED);
          everything.append(out).append(err);
        }

        // A URL typed into the config file is refused without being repeated.
        var literal = new NotificationsConfig(List.of("slack"), new WebhookChannelConfig(
            "https://hooks.slack.com/services/T9/B9/" + SLACK_TOKEN + "LITERAL", null, null), null, null, null, null);
        everything.append(NotificationChannels.check(literal, Map.of()));
        try {
          new NotifyTester(env, RetryPolicy.DEFAULT, sleeper, CLOCK, r -> {}).test(literal, "slack", null);
        } catch (NotificationConfigException e) {
          everything.append(e.getMessage());
        }
      } finally {
        System.setErr(realErr);
      }
      everything.append(audit.snapshot());
      everything.append(logs.toString(StandardCharsets.UTF_8));
      for (FakeWebhook.Request r : slack.requests()) everything.append(r.body());
      for (FakeWebhook.Request r : teams.requests()) everything.append(r.body());

      String all = everything.toString();
      assertThat(audit.snapshot()).as("deliveries happened and failed").isNotEmpty()
          .allSatisfy(r -> assertThat(r.event()).isEqualTo(Delivery.FAILED));
      assertThat(all).contains("no_service for [redacted:SLACK_WEBHOOK_URL]").contains("flow failed: [redacted:TEAMS_WEBHOOK_URL]").contains("smtp-auth-failed");
      assertThat(all).doesNotContain(SLACK_TOKEN, TEAMS_SIG, SMTP_PASSWORD, slackUrl, teamsUrl);
    }
  }
}
