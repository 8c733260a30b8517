package dev.deploypipeline.notify;

import dev.deploypipeline.workflow.Failure;

/**
 * A failed attempt, already classified. {@code status} is a short code for the audit trail ({@code http-429},
 * {@code timeout}, {@code connect-failed}, {@code smtp-550}); the message must already be redacted.
 */
public final class NotificationException extends Exception {
  private final transient Failure failure;
  private final String status;

  public NotificationException(Failure failure, String status) {
    super(failure.message());
    this.failure = failure;
    this.status = status;
  }

  public Failure failure() {
    return failure;
  }

  public String status() {
    return status;
  }
}
