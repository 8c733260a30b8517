package dev.deploypipeline.notify;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code notifications} section. {@code channels} lists the channels in use; each channel's {@code events}
 * chooses its notifications. Secrets are never in this record: webhook URLs and SMTP credentials are read from
 * the environment by {@link NotificationChannels}, which also checks what Jakarta cannot see (the URLs).
 *
 * @param detailsUrl a link to a deployment's page, with {@code {id}} for its id; optional
 * @param timeoutMs connect/read/write timeout of one delivery attempt (default 5000)
 */
@ValidNotifications
public record NotificationsConfig(
    List<@Pattern(regexp = "slack|teams|email", message = "must be one of slack, teams, email") String> channels,
    @Valid WebhookChannelConfig slack,
    @Valid WebhookChannelConfig teams,
    @Valid EmailConfig email,
    @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL, with \\{id\\} where the deployment id goes")
        String detailsUrl,
    @Min(value = 100, message = "must be at least 100 (ms)") @Max(value = 60000, message = "must be at most 60000 (ms)")
        Integer timeoutMs) {

  public static final List<String> CHANNELS = List.of("slack", "teams", "email");

  public List<String> channelList() {
    return channels == null ? List.of() : channels;
  }

  public Duration timeout() {
    return Duration.ofMillis(timeoutMs == null ? 5000 : timeoutMs);
  }

  /** The kinds {@code channel} receives: its {@code events}, or every kind when it names none. */
  public Set<NotificationKind> eventsFor(String channel) {
    List<String> ids = switch (channel) {
      case "slack" -> slack == null ? null : slack.events();
      case "teams" -> teams == null ? null : teams.events();
      case "email" -> email == null ? null : email.events();
      default -> List.of();
    };
    if (ids == null) return EnumSet.copyOf(NotificationKind.SELECTABLE);
    Set<NotificationKind> kinds = EnumSet.noneOf(NotificationKind.class);
    for (String id : ids) NotificationKind.fromId(id).ifPresent(kinds::add);
    return kinds;
  }

  public String detailsUrlFor(String deploymentId) {
    return detailsUrl == null ? null : detailsUrl.replace("{id}", deploymentId);
  }
}
