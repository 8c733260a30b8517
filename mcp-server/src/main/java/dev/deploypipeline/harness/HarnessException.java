package dev.deploypipeline.harness;

import dev.deploypipeline.workflow.Failure;
import java.time.Duration;
import java.util.Optional;

/**
 * A Harness call that failed, already classified. The message says what to fix and carries Harness's
 * {@code correlationId} (what Harness support asks for); it never contains the API key.
 */
public class HarnessException extends RuntimeException {
  private final Failure.Kind kind;
  private final int httpStatus;
  private final String code;
  private final String correlationId;
  private final Duration retryAfter;
  private final boolean maybeExecuted;

  public HarnessException(String message, Failure.Kind kind, int httpStatus, String code, String correlationId) {
    this(message, kind, httpStatus, code, correlationId, null, false, null);
  }

  HarnessException(String message, Failure.Kind kind, int httpStatus, String code, String correlationId,
      Duration retryAfter, boolean maybeExecuted, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.httpStatus = httpStatus;
    this.code = code;
    this.correlationId = correlationId;
    this.retryAfter = retryAfter;
    this.maybeExecuted = maybeExecuted;
  }

  public Failure.Kind kind() {
    return kind;
  }

  public boolean isTransient() {
    return kind == Failure.Kind.TRANSIENT;
  }

  /** 0 when no HTTP answer was received (timeout, I/O error, config problem). */
  public int httpStatus() {
    return httpStatus;
  }

  /** Harness's error code, e.g. {@code INVALID_REQUEST}. */
  public Optional<String> code() {
    return Optional.ofNullable(code);
  }

  public Optional<String> correlationId() {
    return Optional.ofNullable(correlationId);
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** True when the request may have reached Harness although no answer came back (timeout after sending). */
  public boolean maybeExecuted() {
    return maybeExecuted;
  }

  public Failure toFailure() {
    Failure f = new Failure(kind, getMessage(), Optional.empty());
    return retryAfter == null ? f : f.withRetryAfter(retryAfter);
  }

  HarnessException permanent(String message) {
    return new HarnessException(message, Failure.Kind.PERMANENT, httpStatus, code, correlationId, null, maybeExecuted,
        getCause());
  }

  HarnessException withMessage(String message) {
    return new HarnessException(message, kind, httpStatus, code, correlationId, retryAfter, maybeExecuted, getCause());
  }
}
