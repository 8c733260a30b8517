package dev.deploypipeline.notify;

import dev.deploypipeline.secrets.Redactor;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/** Posts Block Kit messages to a Slack incoming webhook; Slack answers 200 {@code ok} on success. */
public final class SlackNotifier implements Notifier {
  public static final String CHANNEL = "slack";
  private final WebhookPoster poster;

  public SlackNotifier(URI webhookUrl, Duration timeout, Redactor redactor, Clock clock) {
    this.poster = new WebhookPoster(CHANNEL, webhookUrl, timeout, redactor, clock);
  }

  @Override
  public String channel() {
    return CHANNEL;
  }

  @Override
  public void send(DeploymentNotification notification) throws NotificationException {
    poster.post(SlackMessage.toJson(notification));
  }
}
