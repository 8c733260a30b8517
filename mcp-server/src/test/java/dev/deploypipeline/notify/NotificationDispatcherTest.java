package dev.deploypipeline.notify;

import dev.deploypipeline.secrets.Redactor;
import static dev.deploypipeline.notify.Fixtures.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.deploypipeline.store.AuditRecord;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Event;
import dev.deploypipeline.workflow.Failure;
import dev.deploypipeline.workflow.RetryPolicy;
import dev.deploypipeline.workflow.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NotificationDispatcherTest {
  @RegisterExtension
  static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  final Fixtures.RecordingSleeper sleeper = new Fixtures.RecordingSleeper();
  final Fixtures.AuditSink audit = new Fixtures.AuditSink();
  final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : toClose) c.close();
  }

  NotificationDispatcher dispatcher(NotificationsConfig c, Map<String, String> env, RetryPolicy policy) {
    NotificationDispatcher d = NotificationDispatcher.create(c, env, policy, sleeper, CLOCK, audit);
    toClose.add(d);
    return d;
  }

  FakeWebhook fake(FakeWebhook f) {
    toClose.add(f);
    return f;
  }

  EmailConfig email(int port, List<String> events) {
    return new EmailConfig("127.0.0.1", port, "deploy@example.com", List.of("team@example.com"), "on", null, null,
        events);
  }

  /** The engine's calls for a deployment that runs through approval to completion. */
  static void runToCompletion(NotificationDispatcher l) {
    Deployment d = Fixtures.deployment(State.PENDING);
    d = step(l, d, Event.START, "jdoe");
    d = step(l, d, Event.VALIDATION_COMPLETE, "engine");
    d = step(l, d, Event.BUILD_COMPLETE, "engine");
    d = step(l, d, Event.TESTS_PASSED, "engine");
    d = step(l, d, Event.DEV_DEPLOYED, "engine");
    d = step(l, d, Event.STAGING_DEPLOYED, "engine");
    d = Fixtures.approved(d);
    d = step(l, d, Event.APPROVED, "alice");
    step(l, d, Event.PROD_DEPLOYED, "engine");
  }

  static Deployment step(NotificationDispatcher l, Deployment d, Event e, String actor) {
    Deployment after = d.apply(e, Fixtures.T0.plusSeconds(10));
    l.transitioned(after, d.state(), e, actor);
    return after;
  }

  @Test
  void aDeploymentSendsTheExpectedMessagesInOrderToEachChannel() throws Exception {
    FakeWebhook slack = fake(FakeWebhook.slack());
    FakeWebhook teams = fake(FakeWebhook.teams());
    var config = new NotificationsConfig(List.of("slack", "teams", "email"), null, null,
        email(greenMail.getSmtp().getPort(), List.of("awaiting-approval", "failed")), "https://deploy.example.com/d/{id}",
        2000);
    var env = Map.of("SLACK_WEBHOOK_URL", slack.url("/services/T/B/X"), "TEAMS_WEBHOOK_URL", teams.url("/wf?sig=s"));
    NotificationDispatcher d = dispatcher(config, env, RetryPolicy.DEFAULT);
    assertThat(d.channels()).containsExactly("slack", "teams", "email");

    runToCompletion(d);
    assertThat(d.drain(Duration.ofSeconds(10))).isTrue();

    Function<FakeWebhook.Request, String> slackHeader = r -> r.json().path("blocks").get(0).path("text").path("text").asString();
    assertThat(slack.requests()).extracting(slackHeader).containsExactly("Deployment started: checkout-svc",
        "Awaiting approval for prod: checkout-svc", "Approved for prod: checkout-svc", "Deployment completed: checkout-svc");
    Function<FakeWebhook.Request, String> teamsTitle = r -> r.json().path("attachments").get(0).path("content")
        .path("body").get(0).path("text").asString();
    assertThat(teams.requests()).extracting(teamsTitle).containsExactly("Deployment started: checkout-svc",
        "Awaiting approval for prod: checkout-svc", "Approved for prod: checkout-svc", "Deployment completed: checkout-svc");
    assertThat(slack.requests().get(1).body()).contains("deployment-pipeline deploy approve d-42",
        "https://deploy.example.com/d/d-42");
    assertThat(slack.requests().get(2).json().path("blocks").get(1).path("fields").get(5).path("text").asString())
        .isEqualTo("*Who:*\nalice");

    var mails = greenMail.getReceivedMessages();
    assertThat(mails).hasSize(1);
    assertThat(mails[0].getSubject()).isEqualTo("[deploy] Awaiting approval for prod: checkout-svc (prod)");

    List<AuditRecord> records = audit.snapshot();
    assertThat(records).hasSize(9).allSatisfy(r -> {
      assertThat(r.event()).isEqualTo(Delivery.SENT);
      assertThat(r.deploymentId()).isEqualTo("d-42");
      assertThat(r.details()).containsEntry("status", "sent").containsEntry("attempts", 1);
    });
    assertThat(records).filteredOn(r -> r.details().get("channel").equals("email"))
        .extracting(r -> r.details().get("kind")).containsExactly("awaiting-approval");
  }

  @Test
  void aStageFailureIsToldOnceItsRetriesAreSpentThenTheDeploymentFailure() throws Exception {
    FakeWebhook slack = fake(FakeWebhook.slack());
    var config = new NotificationsConfig(List.of("slack"), null, null, null, null, 2000);
    NotificationDispatcher d = dispatcher(config, Map.of("SLACK_WEBHOOK_URL", slack.url("/s")), RetryPolicy.DEFAULT);
    Deployment building = Fixtures.deployment(State.BUILDING);
    d.attemptFailed(building, "build", 1, Failure.transientFailure("flaky"), true);
    d.attemptFailed(building, "build", 3, Failure.permanent(Fixtures.failureLog()), false);
    Deployment failed = building.withError("build failed after 3 attempts", CLOCK.instant()).apply(Event.FAILURE, CLOCK.instant());
    d.transitioned(failed, State.BUILDING, Event.FAILURE, "engine");
    assertThat(d.drain(Duration.ofSeconds(10))).isTrue();

    assertThat(slack.requests()).hasSize(2);
    assertThat(slack.requests().get(0).body()).contains("Stage build failed", "BUILD FAILED: tests in PaymentTest");
    assertThat(slack.requests().get(1).body()).contains("Deployment failed", "build failed after 3 attempts");
    assertThat(audit.snapshot()).extracting(r -> r.details().get("kind")).containsExactly("stage-failed", "failed");
  }

  @Test
  void rateLimitedDeliveryWaitsRetryAfterThroughTheSleeperThenSucceeds() throws Exception {
    FakeWebhook slack = fake(FakeWebhook.slack());
    slack.then(new FakeWebhook.Answer(429, "rate_limited", Map.of("Retry-After", "7")));
    var config = new NotificationsConfig(List.of("slack"), null, null, null, null, 2000);
    NotificationDispatcher d = dispatcher(config, Map.of("SLACK_WEBHOOK_URL", slack.url("/s")), RetryPolicy.DEFAULT);

    d.transitioned(Fixtures.deployment(State.COMPLETED), State.DEPLOYING_PROD, Event.PROD_DEPLOYED, "engine");
    assertThat(d.drain(Duration.ofSeconds(10))).isTrue();

    assertThat(sleeper.slept).containsExactly(Duration.ofSeconds(7));
    assertThat(slack.requests()).hasSize(2);
    assertThat(audit.snapshot()).singleElement().satisfies(r -> {
      assertThat(r.event()).isEqualTo(Delivery.SENT);
      assertThat(r.attempt()).isEqualTo(2);
    });
  }

  enum Down { CONNECTION_REFUSED, SERVER_ERROR, RATE_LIMITED, NEVER_ANSWERS }

  @ParameterizedTest
  @EnumSource(Down.class)
  void withEveryChannelDownTheListenerReturnsAtOnceAndEachFailureIsAudited(Down how) throws Exception {
    String slackUrl;
    String teamsUrl;
    int smtpPort;
    if (how == Down.CONNECTION_REFUSED) {
      slackUrl = "http://127.0.0.1:" + Fixtures.closedPort() + "/s";
      teamsUrl = "http://127.0.0.1:" + Fixtures.closedPort() + "/t";
      smtpPort = Fixtures.closedPort();
    } else {
      FakeWebhook.Answer a = how == Down.SERVER_ERROR ? FakeWebhook.Answer.of(500, "rollup_error")
          : new FakeWebhook.Answer(429, "rate_limited", Map.of("Retry-After", "2"));
      FakeWebhook slack = fake(FakeWebhook.answering(r -> a));
      FakeWebhook teams = fake(FakeWebhook.answering(r -> a));
      if (how == Down.NEVER_ANSWERS) {
        slack.hang();
        teams.hang();
      }
      slackUrl = slack.url("/s");
      teamsUrl = teams.url("/t");
      smtpPort = Fixtures.closedPort();
    }
    int timeoutMs = 300;
    var config = new NotificationsConfig(List.of("slack", "teams", "email"), null, null, email(smtpPort, null), null,
        timeoutMs);
    RetryPolicy policy = new RetryPolicy(2, 1000, 2.0, java.util.Set.of(), 60_000);
    NotificationDispatcher d = dispatcher(config, Map.of("SLACK_WEBHOOK_URL", slackUrl, "TEAMS_WEBHOOK_URL", teamsUrl),
        policy);

    // The whole deployment's worth of listener calls returns while no delivery has even finished.
    assertTimeoutPreemptively(Duration.ofMillis(500), () -> runToCompletion(d));

    assertThat(d.drain(Duration.ofSeconds(30))).isTrue();
    List<AuditRecord> records = audit.snapshot();
    assertThat(records).hasSize(12).allSatisfy(r -> {
      assertThat(r.event()).isEqualTo(Delivery.FAILED);
      assertThat(r.details()).containsKeys("channel", "kind", "attempts", "status", "error");
      assertThat(r.details().get("attempts")).isEqualTo(2);
    });
    List<AuditRecord> webhook = records.stream().filter(r -> !r.details().get("channel").equals("email")).toList();
    String expectedStatus = switch (how) {
      case CONNECTION_REFUSED -> "connect-failed";
      case SERVER_ERROR -> "http-500";
      case RATE_LIMITED -> "http-429";
      case NEVER_ANSWERS -> "timeout";
    };
    assertThat(webhook).hasSize(8).allSatisfy(r -> assertThat(r.details().get("status")).isEqualTo(expectedStatus));
    // One retry per delivery; 429 waits its Retry-After (2 s, over the policy's 1 s), the rest the policy's 1 s.
    long twoSecondWaits = sleeper.slept.stream().filter(Duration.ofSeconds(2)::equals).count();
    assertThat(sleeper.slept).hasSize(12);
    assertThat(twoSecondWaits).isEqualTo(how == Down.RATE_LIMITED ? 8 : 0);
  }

  @Test
  void aFullQueueDropsAndAuditsInsteadOfBlocking() throws Exception {
    FakeWebhook slow = fake(FakeWebhook.slack().hang());
    var notifier = WebhookNotifier.slack(java.net.URI.create(slow.url("/s")), Duration.ofMillis(300), Redactor.NONE, CLOCK);
    var d = new NotificationDispatcher(List.of(notifier), Map.of("slack", java.util.Set.of(NotificationKind.STARTED)),
        new NotificationMapper(id -> null, CLOCK), Fixtures.delivery(sleeper, audit, Redactor.NONE), 1);
    toClose.add(d);
    var n = Fixtures.notification(NotificationKind.STARTED, State.VALIDATING, null);
    assertTimeoutPreemptively(Duration.ofMillis(500), () -> {
      for (int i = 0; i < 5; i++) d.dispatch(n);
    });
    assertThat(audit.snapshot()).extracting(r -> r.details().get("status")).contains("queue-full");
    assertThat(d.close(Duration.ofSeconds(10))).isTrue();
    assertThat(audit.snapshot()).hasSize(5);
  }

  @Test
  void channelsThatCannotBeSetUpAreLeftOutAndTheRestWork() throws Exception {
    FakeWebhook teams = fake(FakeWebhook.teams());
    var config = new NotificationsConfig(List.of("slack", "teams"), null, null, null, null, 2000);
    NotificationDispatcher d = dispatcher(config, Map.of("TEAMS_WEBHOOK_URL", teams.url("/t")), RetryPolicy.DEFAULT);
    assertThat(d.channels()).containsExactly("teams");
    d.transitioned(Fixtures.deployment(State.VALIDATING), State.PENDING, Event.START, "jdoe");
    assertThat(d.drain(Duration.ofSeconds(10))).isTrue();
    assertThat(teams.requests()).hasSize(1);
  }

  @Test
  void noNotificationsSectionMeansNoChannelsAndNothingAudited() throws Exception {
    NotificationDispatcher d = dispatcher(null, Map.of("SLACK_WEBHOOK_URL", "https://hooks.slack.com/x/y/z"),
        RetryPolicy.DEFAULT);
    assertThat(d.channels()).isEmpty();
    runToCompletion(d);
    assertThat(d.drain(Duration.ofSeconds(1))).isTrue();
    assertThat(audit.snapshot()).isEmpty();
  }
}
