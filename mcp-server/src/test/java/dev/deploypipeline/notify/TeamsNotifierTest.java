package dev.deploypipeline.notify;

import dev.deploypipeline.secrets.Redactor;
import static dev.deploypipeline.notify.Fixtures.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.workflow.State;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TeamsNotifierTest {
  FakeWebhook teams;
  WebhookNotifier notifier;

  @BeforeEach
  void start() throws Exception {
    teams = FakeWebhook.teams();
    notifier = WebhookNotifier.teams(URI.create(teams.url("/workflows/abc/triggers/manual/paths/invoke?sig=SIG")),
        Duration.ofSeconds(2), Redactor.NONE, CLOCK);
  }

  @AfterEach
  void stop() {
    teams.close();
  }

  @Test
  void postsAnAdaptiveCard14InTheWorkflowsEnvelope() throws Exception {
    notifier.send(Fixtures.notification(NotificationKind.AWAITING_APPROVAL, State.AWAITING_APPROVAL, null));

    FakeWebhook.Request r = teams.requests().get(0);
    assertThat(r.query()).isEqualTo("sig=SIG");
    JsonNode j = r.json();
    assertThat(j.path("type").asString()).isEqualTo("message");
    JsonNode att = j.path("attachments").get(0);
    assertThat(att.path("contentType").asString()).isEqualTo("application/vnd.microsoft.card.adaptive");
    assertThat(att.has("contentUrl")).isTrue();
    JsonNode card = att.path("content");
    assertThat(card.path("type").asString()).isEqualTo("AdaptiveCard");
    assertThat(card.path("version").asString()).isEqualTo("1.4");
    assertThat(card.path("$schema").asString()).isEqualTo("http://adaptivecards.io/schemas/adaptive-card.json");

    JsonNode body = card.path("body");
    assertThat(body.get(0).path("text").asString()).isEqualTo("Awaiting approval for prod: checkout-svc");
    assertThat(body.get(0).path("weight").asString()).isEqualTo("Bolder");
    JsonNode factSet = null;
    List<String> texts = new ArrayList<>();
    for (JsonNode b : body) {
      if (b.path("type").asString().equals("FactSet")) factSet = b;
      if (b.path("type").asString().equals("TextBlock")) texts.add(b.path("text").asString());
    }
    assertThat(factSet).isNotNull();
    List<String> facts = new ArrayList<>();
    factSet.path("facts").forEach(f -> facts.add(f.path("title").asString() + "=" + f.path("value").asString()));
    assertThat(facts).containsExactly("Service=checkout-svc", "Environment=prod", "Version=1.4.2",
        "State=awaiting-approval", "Duration=2m 05s", "Who=jdoe");
    assertThat(texts).contains("deployment-pipeline deploy approve d-42");

    JsonNode actions = card.path("actions");
    assertThat(actions.size()).isEqualTo(2);
    for (JsonNode a : actions) assertThat(a.path("type").asString()).isEqualTo("Action.OpenUrl");
    assertThat(actions.get(0).path("url").asString()).isEqualTo("https://deploy.example.com/d/d-42");
  }

  @Test
  void aLongFailureLogIsCutKeepingItsEnd() throws Exception {
    String log = Fixtures.failureLog() + "x".repeat(5000) + "\nLAST LINE";
    notifier.send(Fixtures.notification(NotificationKind.STAGE_FAILED, State.BUILDING, log));

    String detail = null;
    for (JsonNode b : teams.requests().get(0).json().path("attachments").get(0).path("content").path("body")) {
      if ("Monospace".equals(b.path("fontType").asString()) && b.path("text").asString().endsWith("LAST LINE")) {
        detail = b.path("text").asString();
      }
    }
    assertThat(detail).isNotNull().hasSizeLessThanOrEqualTo(TeamsCard.DETAIL_MAX).contains("earlier characters cut");
  }

  @Test
  void anyTwoHundredIsSuccessAndErrorsAreClassified() throws Exception {
    teams.then(FakeWebhook.Answer.of(200, "1")).then(FakeWebhook.Answer.of(400, "Bad payload"))
        .then(FakeWebhook.Answer.of(503, ""));
    var n = Fixtures.notification(NotificationKind.COMPLETED, State.COMPLETED, null);
    notifier.send(n);
    assertThatThrownBy(() -> notifier.send(n)).isInstanceOfSatisfying(NotificationException.class, e -> {
      assertThat(e.status()).isEqualTo("http-400");
      assertThat(e.failure().isTransient()).isFalse();
    });
    assertThatThrownBy(() -> notifier.send(n)).isInstanceOfSatisfying(NotificationException.class,
        e -> assertThat(e.failure().isTransient()).isTrue());
    notifier.send(n);  // the fake's default: 202, empty body
    assertThat(teams.requests()).hasSize(4);
  }
}
