package dev.deploypipeline.notify;

import dev.deploypipeline.secrets.Redactor;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/**
 * Posts Adaptive Cards to a Teams Workflows webhook. Any 2xx counts (Workflows answers 202); it means the flow
 * accepted the card, not that it rendered.
 */
public final class TeamsNotifier implements Notifier {
  public static final String CHANNEL = "teams";
  private final WebhookPoster poster;

  public TeamsNotifier(URI webhookUrl, Duration timeout, Redactor redactor, Clock clock) {
    this.poster = new WebhookPoster(CHANNEL, webhookUrl, timeout, redactor, clock);
  }

  @Override
  public String channel() {
    return CHANNEL;
  }

  @Override
  public void send(DeploymentNotification notification) throws NotificationException {
    poster.post(TeamsCard.toJson(notification));
  }
}
