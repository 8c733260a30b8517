package dev.deploypipeline.notify;

import dev.deploypipeline.secrets.Redactor;
import static dev.deploypipeline.notify.Fixtures.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.workflow.Failure;
import dev.deploypipeline.workflow.State;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

class SlackNotifierTest {
  FakeWebhook slack;
  WebhookNotifier notifier;

  @BeforeEach
  void start() throws Exception {
    slack = FakeWebhook.slack();
    notifier = WebhookNotifier.slack(URI.create(slack.url("/services/T000/B000/XXXX")), Duration.ofSeconds(2),
        Redactor.NONE, CLOCK);
  }

  @AfterEach
  void stop() {
    slack.close();
  }

  @Test
  void approvalRequestHasHeaderFieldsContextButtonsFallbackAndTheApproveCommand() throws Exception {
    notifier.send(Fixtures.notification(NotificationKind.AWAITING_APPROVAL, State.AWAITING_APPROVAL, null));

    FakeWebhook.Request r = slack.requests().get(0);
    assertThat(r.path()).isEqualTo("/services/T000/B000/XXXX");
    assertThat(r.contentType()).startsWith("application/json");
    JsonNode j = r.json();
    assertThat(j.path("text").asString()).contains("Awaiting approval", "checkout-svc", "1.4.2", "prod",
        "deployment-pipeline deploy approve d-42");
    JsonNode blocks = j.path("blocks");
    assertThat(blocks.get(0).path("type").asString()).isEqualTo("header");
    assertThat(blocks.get(0).path("text").path("type").asString()).isEqualTo("plain_text");
    assertThat(blocks.get(0).path("text").path("text").asString()).isEqualTo("Awaiting approval for prod: checkout-svc");

    List<String> fields = new ArrayList<>();
    blocks.get(1).path("fields").forEach(f -> fields.add(f.path("text").asString()));
    assertThat(fields).containsExactly("*Service:*\ncheckout-svc", "*Environment:*\nprod", "*Version:*\n1.4.2",
        "*State:*\nawaiting-approval", "*Duration:*\n2m 05s", "*Who:*\njdoe");

    assertThat(texts(blocks, "section")).anyMatch(t -> t.contains("`deployment-pipeline deploy approve d-42`"));
    JsonNode context = block(blocks, "context");
    assertThat(context.path("elements").get(0).path("text").asString()).contains("d-42", "main");
    JsonNode buttons = block(blocks, "actions").path("elements");
    assertThat(buttons.size()).isEqualTo(2);
    assertThat(buttons.get(0).path("url").asString()).isEqualTo("https://deploy.example.com/d/d-42");
    assertThat(buttons.get(0).path("style").asString()).isEqualTo("primary");
    assertThat(buttons.get(1).path("text").path("text").asString()).isEqualTo("Harness execution");
    assertThat(buttons.get(1).path("url").asString()).isEqualTo("https://app.harness.io/ng/account/x/executions/abc");
  }

  @Test
  void aThreeThousandCharacterFailureLogIsCutToTheSectionLimitKeepingItsEnd() throws Exception {
    String log = Fixtures.failureLog();
    assertThat(log).hasSize(3000);

    notifier.send(Fixtures.notification(NotificationKind.STAGE_FAILED, State.BUILDING, log));

    JsonNode blocks = slack.requests().get(0).json().path("blocks");
    String detail = texts(blocks, "section").stream().filter(t -> t.startsWith("```")).findFirst().orElseThrow();
    assertThat(detail.length()).isLessThanOrEqualTo(SlackMessage.SECTION_TEXT_MAX);
    assertThat(detail).endsWith("[ERROR] BUILD FAILED: tests in PaymentTest\n```")
        .contains("earlier characters cut")
        .contains("&lt;m").contains("&amp; friends")
        .doesNotContain("<m");
    assertThat(blocks.get(0).path("text").path("text").asString()).isEqualTo("Stage build failed: checkout-svc");
  }

  @ParameterizedTest
  @EnumSource(NotificationKind.class)
  void everyKindStaysWithinSlackLimitsEvenWithHugeValues(NotificationKind kind) throws Exception {
    String huge = "x".repeat(50_000);
    var n = Fixtures.notification(kind, State.FAILED, huge);
    var d = n.deployment();
    var big = new DeploymentNotification(kind, dev.deploypipeline.workflow.Deployment.create(d.id(), "svc-" + "s".repeat(400),
        "b".repeat(5000), null, "v".repeat(3000), "u".repeat(3000), Fixtures.T0), "prod", "stage", huge,
        "https://x.example/" + "p".repeat(4000), null, n.approveCommand(), n.at());

    notifier.send(big);  // the fake answers 400 invalid_blocks on any limit broken

    JsonNode j = slack.requests().get(0).json();
    assertThat(j.path("blocks").size()).isLessThanOrEqualTo(SlackMessage.MAX_BLOCKS);
    assertThat(j.path("text").asString().length()).isLessThanOrEqualTo(SlackMessage.FALLBACK_MAX);
    assertThat(j.path("text").asString()).isNotBlank();
    assertThat(block(j.path("blocks"), "actions")).as("an over-long URL drops its button").isNull();
  }

  @Test
  void theFakeRefusesAnUntruncatedMessageAsSlackDoes() {
    WebhookPoster raw = new WebhookPoster("slack", URI.create(slack.url("/services/T/B/X")), Duration.ofSeconds(2),
        Redactor.NONE, CLOCK);
    String tooLong = "{\"text\":\"t\",\"blocks\":[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\""
        + "y".repeat(3001) + "\"}}]}";
    assertThatThrownBy(() -> raw.post(tooLong)).isInstanceOfSatisfying(NotificationException.class, e -> {
      assertThat(e.status()).isEqualTo("http-400");
      assertThat(e.failure().kind()).isEqualTo(Failure.Kind.PERMANENT);
      assertThat(e.getMessage()).contains("invalid_blocks");
    });
  }

  @Test
  void rateLimitIsTransientWithRetryAfterAndServerErrorsAreTransient() {
    slack.then(new FakeWebhook.Answer(429, "rate_limited", java.util.Map.of("Retry-After", "7")))
        .then(FakeWebhook.Answer.of(500, "rollup_error"))
        .then(FakeWebhook.Answer.of(404, "channel_not_found"))
        .then(new FakeWebhook.Answer(429, "", java.util.Map.of("Retry-After", "3600")));
    var n = Fixtures.notification(NotificationKind.STARTED, State.VALIDATING, null);

    assertThatThrownBy(() -> notifier.send(n)).isInstanceOfSatisfying(NotificationException.class, e -> {
      assertThat(e.failure().isTransient()).isTrue();
      assertThat(e.failure().retryAfter()).contains(Duration.ofSeconds(7));
      assertThat(e.status()).isEqualTo("http-429");
    });
    assertThatThrownBy(() -> notifier.send(n)).isInstanceOfSatisfying(NotificationException.class,
        e -> assertThat(e.failure().isTransient()).isTrue());
    assertThatThrownBy(() -> notifier.send(n)).isInstanceOfSatisfying(NotificationException.class, e -> {
      assertThat(e.failure().isTransient()).isFalse();
      assertThat(e.getMessage()).contains("404").contains("channel_not_found");
    });
    assertThatThrownBy(() -> notifier.send(n)).isInstanceOfSatisfying(NotificationException.class, e -> {
      assertThat(e.failure().isTransient()).as("an hour's Retry-After is not waited for").isFalse();
      assertThat(e.getMessage()).contains("3600 s");
    });
  }

  private static List<String> texts(JsonNode blocks, String type) {
    List<String> out = new ArrayList<>();
    for (JsonNode b : blocks) if (b.path("type").asString().equals(type) && b.has("text")) out.add(b.path("text").path("text").asString());
    return out;
  }

  private static JsonNode block(JsonNode blocks, String type) {
    for (JsonNode b : blocks) if (b.path("type").asString().equals(type)) return b;
    return null;
  }
}
