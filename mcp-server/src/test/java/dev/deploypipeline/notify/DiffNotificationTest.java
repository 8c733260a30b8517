package dev.deploypipeline.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.deploypipeline.app.App;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.testutil.RecordingSleeper;
import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.testutil.TestProjects;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.State;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prod approval request carries the deploy diff's summary on every channel (Slack, Teams and email stand-ins on
 * 127.0.0.1), after the redactor: a changed config key with a planted token is named, its value is not.
 */
class DiffNotificationTest {
  static final String PLANTED = "ghp_" + "Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2";

  @RegisterExtension
  static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("deploy@example.com", "deploy",
          NotificationsDeploymentTest.PASSWORD));

  @TempDir Path dir;
  final TestClock clock = TestClock.at("2026-11-25T10:00:00Z");

  @Test
  void theApprovalRequestSummarisesWhatReachesProdWithoutSecretValues() throws Exception {
    try (FakeWebhook slack = FakeWebhook.slack(); FakeWebhook teams = FakeWebhook.teams()) {
      String config = NotificationsDeploymentTest.config("true", greenMail.getSmtp().getPort(), 2000);
      TestProjects.gitProject(dir, config);
      DeploymentService s = App.service(dir, NotificationsDeploymentTest.env(slack.url("/services/T0/B0/xyz"),
          teams.url("/workflows/abc/triggers/manual/paths/invoke?sig=s1")), clock, new RecordingSleeper(clock),
          List.of());
      Deployment d1 = s.drive(s.start("svc", "main", null, "alice@example.com").id());
      s.decide(d1.id(), "approve", "bob@example.com", "ok");
      assertThat(s.drive(d1.id()).state()).isEqualTo(State.COMPLETED);

      String changed = config.replaceFirst("(\"prod\":\\{\"deploy\":\\{\"command\":\"echo deployed \\$ENVIRONMENT)",
          "$1 --token " + PLANTED);
      assertThat(changed).contains(PLANTED);
      Files.writeString(dir.resolve(".claude/deployment-config.json"), changed);
      TestProjects.git(dir, "add", "-A");
      TestProjects.git(dir, "-c", "user.email=ann@example.com", "-c", "user.name=Ann Lee", "commit", "-q", "-m",
          "feat(search): full-text search");
      Deployment d2 = s.drive(s.start("svc", "main", null, "alice@example.com").id());
      assertThat(d2.state()).isEqualTo(State.AWAITING_APPROVAL);
      NotificationDispatcher dispatcher = NotificationsDeploymentTest.dispatcher(s);
      assertThat(dispatcher.drain(Duration.ofSeconds(20))).isTrue();

      String slackApproval = last(slack, "Awaiting approval");
      String teamsApproval = last(teams, "Awaiting approval");
      String mail = null;
      for (MimeMessage m : greenMail.getReceivedMessages()) {
        String text = NotificationsDeploymentTest.plainText(m);
        if (text.contains("Awaiting approval") && text.contains(d2.id())) mail = text;
      }
      assertThat(mail).as("the approval e-mail of " + d2.id()).isNotNull();
      for (String body : List.of(slackApproval, teamsApproval, mail)) {
        assertThat(body).contains("prod: " + d1.version() + ", " + d1.id() + " → " + d2.version() + ", " + d2.id())
            .contains("1 commit: 1 feat").contains("1 config change (1 secret, names only): prod deploy.command "
                + "changed").doesNotContain(PLANTED);
      }
      List<String> all = new ArrayList<>();
      slack.requests().forEach(r -> all.add(r.body()));
      teams.requests().forEach(r -> all.add(r.body()));
      for (MimeMessage m : greenMail.getReceivedMessages()) all.add(NotificationsDeploymentTest.plainText(m));
      assertThat(String.join("\n", all)).doesNotContain(PLANTED);
      s.shutdown();
    }
  }

  /** The newest request to {@code hook} whose body mentions {@code kind}. */
  private static String last(FakeWebhook hook, String kind) {
    List<FakeWebhook.Request> found = hook.requests().stream().filter(r -> r.body().contains(kind)).toList();
    assertThat(found).as(kind).isNotEmpty();
    return found.get(found.size() - 1).body();
  }
}
