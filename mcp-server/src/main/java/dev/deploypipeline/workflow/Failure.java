package dev.deploypipeline.workflow;

import java.time.Duration;
import java.util.Optional;

/**
 * Why an attempt failed, classified once where the error is understood (exit code, HTTP status, exception)
 * so that the retry decision is made in one place.
 */
public record Failure(Kind kind, String message, Optional<Duration> retryAfter) {
  public enum Kind {
    /** Worth trying again: timeouts, I/O errors, HTTP 408/429/500/502/503/504, exit 75 (EX_TEMPFAIL). */
    TRANSIENT,
    /** Trying again would give the same answer. */
    PERMANENT
  }

  public Failure {
    retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
  }

  public static Failure transientFailure(String message) {
    return new Failure(Kind.TRANSIENT, message, Optional.empty());
  }

  public static Failure permanent(String message) {
    return new Failure(Kind.PERMANENT, message, Optional.empty());
  }

  public Failure withRetryAfter(Duration d) {
    return new Failure(kind, message, Optional.ofNullable(d));
  }

  public boolean isTransient() {
    return kind == Kind.TRANSIENT;
  }

  /**
   * Classification of an HTTP status as docs/design.md (Retry) lists it. 408 counts as one of the "timeouts" there:
   * the server gave up before it had the whole request (RFC 9110 §15.5.9); Harness's own client retries it too.
   */
  public static Kind ofHttpStatus(int status) {
    return switch (status) {
      case 408, 429, 500, 502, 503, 504 -> Kind.TRANSIENT;
      default -> Kind.PERMANENT;
    };
  }
}
