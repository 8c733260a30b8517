package dev.deploypipeline.notify;

import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * {@code notifications.slack} or {@code notifications.teams}. The URL is a secret, so it comes from the
 * environment: either name the variable ({@code webhookUrlEnv}, default {@code SLACK_WEBHOOK_URL} /
 * {@code TEAMS_WEBHOOK_URL}) or write {@code "webhookUrl": "${SLACK_WEBHOOK_URL}"}, which the loader interpolates.
 * A {@code webhookUrl} that does not equal the variable's value was typed into the file, and is refused by
 * {@link NotificationChannels}.
 *
 * @param events which notifications this channel gets; null means all
 */
public record WebhookChannelConfig(
    String webhookUrl,
    @Pattern(regexp = "[A-Za-z_][A-Za-z0-9_]*", message = "must be the name of an environment variable, such as SLACK_WEBHOOK_URL (not the URL itself)")
        String webhookUrlEnv,
    List<@Pattern(regexp = NotificationKind.EVENTS_PATTERN, message = NotificationKind.EVENTS_MESSAGE) String> events) {

  public String envName(String channel) {
    if (webhookUrlEnv != null) return webhookUrlEnv;
    return channel.toUpperCase(java.util.Locale.ROOT) + "_WEBHOOK_URL";
  }
}
