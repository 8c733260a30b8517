package dev.deploypipeline.notify;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a notification is about. {@link #id()} is the wire and config name (kebab-case), as in a channel's
 * {@code events}. {@link #TEST} is the message of {@code notify test}: always sent, never selectable.
 */
public enum NotificationKind {
  STARTED("started", "Deployment started"),
  STAGE_FAILED("stage-failed", "Stage failed"),
  AWAITING_APPROVAL("awaiting-approval", "Awaiting approval"),
  APPROVED("approved", "Approved"),
  REJECTED("rejected", "Rejected"),
  COMPLETED("completed", "Deployment completed"),
  FAILED("failed", "Deployment failed"),
  ROLLED_BACK("rolled-back", "Deployment rolled back"),
  TEST("test", "Test notification");

  /** The kinds a channel's {@code events} may name; the pattern in {@link WebhookChannelConfig} mirrors it. */
  public static final List<NotificationKind> SELECTABLE = Arrays.stream(values()).filter(k -> k != TEST).toList();

  static final String EVENTS_PATTERN =
      "started|stage-failed|awaiting-approval|approved|rejected|completed|failed|rolled-back";
  static final String EVENTS_MESSAGE = "must be one of started, stage-failed, awaiting-approval, approved, rejected, "
      + "completed, failed, rolled-back";

  private final String id;
  private final String title;

  NotificationKind(String id, String title) {
    this.id = id;
    this.title = title;
  }

  @JsonValue
  public String id() {
    return id;
  }

  public String title() {
    return title;
  }

  public static Optional<NotificationKind> fromId(String id) {
    return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
  }

  @Override
  public String toString() {
    return id;
  }
}
