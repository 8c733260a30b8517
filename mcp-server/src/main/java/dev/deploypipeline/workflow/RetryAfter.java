package dev.deploypipeline.workflow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** An HTTP Retry-After header: delta-seconds or an HTTP-date (RFC 9110 §10.2.3), as the wait from now. */
public final class RetryAfter {
  private RetryAfter() {}

  /**
   * The failure an HTTP error status means for a notification ({@link Failure#ofHttpStatus}), with a 429's
   * Retry-After kept; a wait longer than {@code max} would hold the channel's queue, so such an answer fails instead.
   */
  public static Failure notificationFailure(int status, String message, String retryAfterHeader, Clock clock,
      Duration max) {
    Failure failure = new Failure(Failure.ofHttpStatus(status), message, Optional.empty());
    if (status != 429) return failure;
    Optional<Duration> after = parse(retryAfterHeader, clock);
    if (after.isPresent() && after.get().compareTo(max) > 0) {
      return Failure.permanent(message + "; Retry-After " + after.get().toSeconds() + " s is longer than the "
          + max.toSeconds() + " s a notification waits");
    }
    return after.map(failure::withRetryAfter).orElse(failure);
  }

  public static Optional<Duration> parse(String header, Clock clock) {
    if (header == null || header.isBlank()) return Optional.empty();
    String v = header.trim();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(clock.instant(), when);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException neither) {
        return Optional.empty();
      }
    }
  }
}
