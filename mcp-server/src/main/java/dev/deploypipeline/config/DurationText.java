package dev.deploypipeline.config;

import java.time.Duration;

/** Durations as people write them in the config: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
public final class DurationText {
  /** The pattern the config's duration fields are validated against. */
  public static final String PATTERN = "\\d{1,7}(ms|s|m|h)";

  private DurationText() {}

  public static Duration parse(String text) {
    if (text == null || !text.matches(PATTERN)) {
      throw new IllegalArgumentException("'" + text + "' is not a duration such as 500ms, 30s, 5m or 1h");
    }
    String unit = text.replaceAll("\\d", "");
    long n = Long.parseLong(text.substring(0, text.length() - unit.length()));
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  public static Duration parse(String text, Duration absent) {
    return text == null ? absent : parse(text);
  }
}
