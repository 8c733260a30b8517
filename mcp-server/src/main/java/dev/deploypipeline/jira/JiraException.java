package dev.deploypipeline.jira;

import dev.deploypipeline.workflow.Failure;

/**
 * A failed Jira call, classified once: {@code status} is a short code for the audit trail ({@code http-401},
 * {@code timeout}, {@code unknown-transition}); the message is already redacted and says what to do.
 */
public final class JiraException extends Exception {
  private final transient Failure failure;
  private final String status;

  public JiraException(Failure failure, String status) {
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
