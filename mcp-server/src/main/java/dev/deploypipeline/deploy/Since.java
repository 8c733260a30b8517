package dev.deploypipeline.deploy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one reading of a "since" filter for every front end: an ISO date (midnight UTC), an ISO time with a zone or
 * offset, or a span back from now ({@code 7d}, {@code 24h}, {@code 30m}, or ISO {@code P7D}/{@code PT24H}).
 */
public final class Since {
  /** How the accepted forms are described in help texts, schemas and errors. */
  public static final String FORMS = "an ISO date (2026-11-25, from midnight UTC), an ISO time with a zone "
      + "(2026-11-25T10:00:00Z or +02:00), or a span back from now (7d, 24h, 30m)";
  private static final Pattern SPAN = Pattern.compile("(\\d{1,6})([dhm])");

  private Since() {}

  /**
   * The instant {@code text} means at {@code clock}'s now; otherwise a caller-fixable {@link DeployException} whose
   * message starts with {@code field} (as the front end names it: {@code since}, {@code --since}).
   */
  public static Instant parse(String field, String text, Clock clock) {
    String s = text.strip();
    Matcher m = SPAN.matcher(s.toLowerCase());
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        Duration span = switch (m.group(2)) {
          case "d" -> Duration.ofDays(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofMinutes(n);
        };
        return clock.instant().minus(span);
      }
      if (s.startsWith("P") || s.startsWith("p")) return clock.instant().minus(Duration.parse(s));
      if (s.length() <= 10) return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new DeployException(DeployException.Kind.BAD_INPUT, field + ": '" + (s.length() > 40 ? s.substring(0, 40) + "…" : s)
          + "' is not a date, time or span: use " + FORMS, "correct it and ask again");
    }
  }
}
