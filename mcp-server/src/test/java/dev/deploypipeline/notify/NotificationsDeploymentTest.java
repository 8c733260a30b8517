package dev.deploypipeline.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.deploypipeline.app.App;
import dev.deploypipeline.cli.RootCommand;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.store.AuditEntry;
import dev.deploypipeline.testutil.RecordingSleeper;
import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.testutil.TestProjects;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.State;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Notifications through the whole engine: {@link App#service} with a {@code notifications} section, local stages,
 * Slack and Teams stand-ins on 127.0.0.1 and GreenMail for SMTP. Webhook URLs and the SMTP password come from the
 * env map only.
 */
class NotificationsDeploymentTest {
  static final String PASSWORD = "smtp-Pa55-word";

  @RegisterExtension
  static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("deploy@example.com", "deploy", PASSWORD));

  @TempDir Path dir;
  final TestClock clock = TestClock.at("2026-11-25T10:00:00Z");
  final RecordingSleeper sleeper = new RecordingSleeper(clock);

  static String config(String build, int smtpPort, int timeoutMs) {
    String notifications = """
        "notifications":{"channels":["slack","teams","email"],
          "email":{"host":"127.0.0.1","port":%d,"from":"deploy@example.com","to":["team@example.com"],
                   "starttls":"on"},
          "detailsUrl":"https://deploy.example.com/deployments/{id}","timeoutMs":%d}
        """.formatted(smtpPort, timeoutMs);
    return TestProjects.config("true", build, "true", "echo deployed $ENVIRONMENT", "true", notifications);
  }

  static Map<String, String> env(String slackUrl, String teamsUrl) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SLACK_WEBHOOK_URL", slackUrl);
    env.put("TEAMS_WEBHOOK_URL", teamsUrl);
    env.put("SMTP_USERNAME", "deploy");
    env.put("SMTP_PASSWORD", PASSWORD);
    env.put("DEPLOY_PIPELINE_USER", "alice@example.com");
    return env;
  }

  DeploymentService service(String config, Map<String, String> env) throws Exception {
    TestProjects.gitProject(dir, config);
    return App.service(dir, env, clock, sleeper, List.of());
  }

  static NotificationDispatcher dispatcher(DeploymentService s) {
    return s.listeners().stream().filter(NotificationDispatcher.class::isInstance)
        .map(NotificationDispatcher.class::cast).findFirst().orElseThrow();
  }

  /** The kind a message is about: every channel's summary starts with the kind's title. */
  static NotificationKind kindOf(String summary) {
    return Arrays.stream(NotificationKind.values()).filter(k -> summary.startsWith(k.title() + ":")).findFirst()
        .orElseThrow(() -> new AssertionError("no kind for: " + summary));
  }

  static List<NotificationKind> slackKinds(FakeWebhook slack) {
    return slack.requests().stream().map(r -> kindOf(r.json().path("text").asString())).toList();
  }

  static List<NotificationKind> teamsKinds(FakeWebhook teams) {
    return teams.requests().stream().map(r -> kindOf(r.json().path("attachments").get(0).path("content")
        .path("body").get(1).path("text").asString())).toList();
  }

  static List<NotificationKind> emailKinds() throws Exception {
    List<NotificationKind> out = new ArrayList<>();
    for (MimeMessage m : greenMail.getReceivedMessages()) out.add(kindOf(plainText(m).lines().skip(2).findFirst()
        .orElseThrow()));
    return out;
  }

  static String plainText(MimeMessage m) throws Exception {
    return (String) ((Multipart) m.getContent()).getBodyPart(0).getContent();
  }

  @Test
  void aDeploymentSendsItsMessagesInOrderToEveryChannelAndTheApprovalCarriesTheCommand() throws Exception {
    try (FakeWebhook slack = FakeWebhook.slack(); FakeWebhook teams = FakeWebhook.teams()) {
      DeploymentService s = service(config("true", greenMail.getSmtp().getPort(), 2000),
          env(slack.url("/services/T0/B0/xyz"), teams.url("/workflows/abc/triggers/manual/paths/invoke?sig=s1")));
      NotificationDispatcher dispatcher = dispatcher(s);
      assertThat(dispatcher.channels()).containsExactly("slack", "teams", "email");

      Deployment d = s.drive(s.start("svc", "main", null, "alice@example.com").id());
      assertThat(d.state()).isEqualTo(State.AWAITING_APPROVAL);
      assertThat(dispatcher.drain(Duration.ofSeconds(20))).isTrue();

      // The approval request names the exact command; it must parse as `deploy approve <this id>`.
      String approve = "deployment-pipeline deploy approve " + d.id();
      String slackApproval = slack.requests().get(1).body();
      assertThat(slackApproval).contains(approve).contains("https://deploy.example.com/deployments/" + d.id());
      assertThat(teams.requests().get(1).body()).contains(approve);
      assertThat(plainText(greenMail.getReceivedMessages()[1])).contains(approve);
      List<String> tokens = List.of(approve.split(" "));
      CommandLine.ParseResult parsed = RootCommand.commandLine().parseArgs(tokens.subList(1, tokens.size())
          .toArray(String[]::new));
      assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("deploy");
      assertThat(parsed.subcommand().subcommand().commandSpec().name()).isEqualTo("approve");
      assertThat(parsed.subcommand().subcommand().matchedPositionals()).singleElement()
          .satisfies(p -> assertThat((String) p.getValue()).isEqualTo(d.id()));

      s.decide(d.id(), "approve", "bob@example.com", "ship it");
      assertThat(s.drive(d.id()).state()).isEqualTo(State.COMPLETED);
      assertThat(dispatcher.drain(Duration.ofSeconds(20))).isTrue();

      List<NotificationKind> expected = List.of(NotificationKind.STARTED, NotificationKind.AWAITING_APPROVAL,
          NotificationKind.APPROVED, NotificationKind.COMPLETED);
      assertThat(slackKinds(slack)).containsExactlyElementsOf(expected);
      assertThat(teamsKinds(teams)).containsExactlyElementsOf(expected);
      assertThat(emailKinds()).containsExactlyElementsOf(expected);
      assertThat(greenMail.getReceivedMessages()[0].getAllRecipients()).extracting(Object::toString)
          .containsExactly("team@example.com");
      assertThat(slack.requests().get(2).body()).contains("bob@example.com");
      assertThat(s.audit(d.id())).filteredOn(e -> e.event().equals(Delivery.SENT)).hasSize(12);
      assertThat(s.audit(d.id())).noneMatch(e -> e.event().equals(Delivery.FAILED));
      assertThat(s.store().verifyAudit().intact()).isTrue();
    }
  }

  @Test
  void aFailingDeploymentSendsStageFailedThenFailed() throws Exception {
    try (FakeWebhook slack = FakeWebhook.slack(); FakeWebhook teams = FakeWebhook.teams()) {
      DeploymentService s = service(config("echo 'error: cannot compile Payment.java' >&2; exit 1",
          greenMail.getSmtp().getPort(), 2000), env(slack.url("/services/T0/B0/xyz"), teams.url("/wf/invoke")));

      Deployment d = s.drive(s.start("svc", "main", null, "alice@example.com").id());
      assertThat(d.state()).isEqualTo(State.FAILED);
      assertThat(dispatcher(s).drain(Duration.ofSeconds(20))).isTrue();

      List<NotificationKind> expected = List.of(NotificationKind.STARTED, NotificationKind.STAGE_FAILED,
          NotificationKind.FAILED);
      assertThat(slackKinds(slack)).containsExactlyElementsOf(expected);
      assertThat(teamsKinds(teams)).containsExactlyElementsOf(expected);
      assertThat(emailKinds()).containsExactlyElementsOf(expected);
      assertThat(slack.requests().get(1).body()).contains("building");
      assertThat(plainText(greenMail.getReceivedMessages()[2])).contains("building failed");
    }
  }

  /**
   * Every channel down, and Slack holding its first request open for as long as the test likes: the deployment
   * still runs to completed with that delivery in flight and the rest queued behind it, because the engine only
   * enqueues. Teams answers 429 with a Retry-After that is honoured (recorded, never waited); SMTP is refused.
   */
  @Test
  void withEveryChannelDownTheDeploymentCompletesWhileDeliveriesAreStillQueued() throws Exception {
    int refusedSmtp = Fixtures.closedPort();
    try (FakeWebhook slack = FakeWebhook.slack().hang();
        FakeWebhook teams = FakeWebhook.answering(r -> new FakeWebhook.Answer(429, "{\"error\":\"throttled\"}",
            Map.of("Retry-After", "30")))) {
      DeploymentService s = service(config("true", refusedSmtp, 60_000),
          env(slack.url("/services/T0/B0/xyz"), teams.url("/wf/invoke")));
      NotificationDispatcher dispatcher = dispatcher(s);

      Deployment d = s.drive(s.start("svc", "main", null, "alice@example.com").id());
      s.decide(d.id(), "approve", "bob@example.com", null);
      d = s.drive(d.id());

      assertThat(d.state()).isEqualTo(State.COMPLETED);
      // Slack has its first message and no answer; started, awaiting-approval, approved, completed wait behind it.
      assertThat(slack.requests()).hasSize(1);
      assertThat(s.audit(d.id())).noneMatch(e -> "slack".equals(e.details().get("channel")));
      assertThat(dispatcher.drain(Duration.ZERO)).isFalse();

      slack.close();  // the held request ends without an answer; later attempts are refused
      assertThat(dispatcher.drain(Duration.ofSeconds(30))).isTrue();
      assertFailedDeliveries(s, d.id());
      assertThat(sleeper.sleeps()).contains(Duration.ofSeconds(30));
    }
  }

  /**
   * The other failure modes, with the one-attempt timeout bounded by {@code timeoutMs}: Slack refuses the
   * connection, Teams answers 500, and the SMTP server accepts the connection and never says a word.
   */
  @Test
  void refusedFailingAndSilentChannelsAreBoundedByTheTimeoutAndAudited() throws Exception {
    try (FakeWebhook teams = FakeWebhook.answering(r -> FakeWebhook.Answer.of(500, "flow failed"));
        SilentServer smtp = new SilentServer()) {
      DeploymentService s = service(config("true", smtp.port(), 300),
          env("http://127.0.0.1:" + Fixtures.closedPort() + "/services/T0/B0/xyz", teams.url("/wf/invoke")));

      Deployment d = s.drive(s.start("svc", "main", null, "alice@example.com").id());
      s.decide(d.id(), "approve", "bob@example.com", null);
      d = s.drive(d.id());

      assertThat(d.state()).isEqualTo(State.COMPLETED);
      // 4 messages × the policy's attempts × 300 ms for SMTP is the bound; 30 s is far above it.
      assertThat(dispatcher(s).drain(Duration.ofSeconds(30))).isTrue();
      assertFailedDeliveries(s, d.id());
      assertThat(smtp.connections()).isGreaterThanOrEqualTo(4);
      assertThat(teams.requests().size()).isGreaterThanOrEqualTo(4);
    }
  }

  private static void assertFailedDeliveries(DeploymentService s, String id) {
    List<AuditEntry> failed = s.audit(id).stream().filter(e -> e.event().equals(Delivery.FAILED)).toList();
    for (String ch : List.of("slack", "teams", "email")) {
      assertThat(failed).as(ch).filteredOn(e -> ch.equals(e.details().get("channel")))
          .extracting(e -> e.details().get("kind"))
          .containsExactly("started", "awaiting-approval", "approved", "completed");
    }
    assertThat(s.audit(id)).noneMatch(e -> e.event().equals(Delivery.SENT));
    assertThat(s.store().verifyAudit().intact()).isTrue();
  }

  /** Accepts TCP connections on 127.0.0.1 and never writes a byte: an SMTP server that never greets. */
  static final class SilentServer implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    SilentServer() throws IOException {
      acceptor = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            held.add(server.accept());
          } catch (IOException e) {
            return;
          }
        }
      }, "silent-smtp");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    int connections() {
      return held.size();
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket s : held) s.close();
    }
  }
}
