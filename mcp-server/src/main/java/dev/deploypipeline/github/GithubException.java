package dev.deploypipeline.github;

import dev.deploypipeline.workflow.Failure;

/**
 * A failed GitHub call, classified once. {@code status} is the HTTP status (0 without an answer); {@code code} is
 * GitHub's validation code when there is one ({@code already_exists}). The message is redacted and names the fix.
 */
public final class GithubException extends Exception {
  private final transient Failure failure;
  private final int status;
  private final String code;

  public GithubException(Failure failure, int status, String code) {
    super(failure.message());
    this.failure = failure;
    this.status = status;
    this.code = code;
  }

  public Failure failure() {
    return failure;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** 422 {@code already_exists}: the release (tag) or asset (name) is there already. */
  public boolean alreadyExists() {
    return status == 422 && "already_exists".equals(code);
  }

  GithubException withMessage(String message) {
    return new GithubException(new Failure(failure.kind(), message, failure.retryAfter()), status, code);
  }
}
