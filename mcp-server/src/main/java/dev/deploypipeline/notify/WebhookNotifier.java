package dev.deploypipeline.notify;

import dev.deploypipeline.secrets.Redactor;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * Posts one JSON payload per notification to a chat webhook; the channels differ only in the payload's format.
 * Slack: Block Kit to an incoming webhook, which answers 200 {@code ok}. Teams: an Adaptive Card to a Workflows
 * webhook, where any 2xx counts (Workflows answers 202): the flow accepted the card, not that it rendered.
 */
public final class WebhookNotifier implements Notifier {
  private final String channel;
  private final Function<DeploymentNotification, String> payload;
  private final WebhookPoster poster;

  private WebhookNotifier(String channel, Function<DeploymentNotification, String> payload, URI webhookUrl,
      Duration timeout, Redactor redactor, Clock clock) {
    this.channel = channel;
    this.payload = payload;
    this.poster = new WebhookPoster(channel, webhookUrl, timeout, redactor, clock);
  }

  public static WebhookNotifier slack(URI webhookUrl, Duration timeout, Redactor redactor, Clock clock) {
    return new WebhookNotifier("slack", SlackMessage::toJson, webhookUrl, timeout, redactor, clock);
  }

  public static WebhookNotifier teams(URI webhookUrl, Duration timeout, Redactor redactor, Clock clock) {
    return new WebhookNotifier("teams", TeamsCard::toJson, webhookUrl, timeout, redactor, clock);
  }

  @Override
  public String channel() {
    return channel;
  }

  @Override
  public void send(DeploymentNotification notification) throws NotificationException {
    poster.post(payload.apply(notification));
  }
}
