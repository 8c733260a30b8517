package dev.deploypipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SinceTest {
  private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-06T18:00:00Z"), ZoneOffset.UTC);

  static Stream<Arguments> accepted() {
    return Stream.of(
        Arguments.of("2026-11-25", "2026-11-25T00:00:00Z"),
        Arguments.of("2026-11-25T10:00:00Z", "2026-11-25T10:00:00Z"),
        Arguments.of("2026-11-25T12:00:00+02:00", "2026-11-25T10:00:00Z"),
        Arguments.of("7d", "2026-11-29T18:00:00Z"),
        Arguments.of("24h", "2026-12-05T18:00:00Z"),
        Arguments.of("30m", "2026-12-06T17:30:00Z"),
        Arguments.of(" 2D ", "2026-12-04T18:00:00Z"),
        Arguments.of("P1D", "2026-12-05T18:00:00Z"),
        Arguments.of("PT90M", "2026-12-06T16:30:00Z"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void accepted(String text, String instant) {
    assertThat(Since.parse("since", text, NOW)).isEqualTo(Instant.parse(instant));
  }

  static Stream<String> rejected() {
    return Stream.of("yesterday", "2026-13-45", "2026-11-25T10:00", "7w", "-7d", "d", "P", "7 d");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void rejectedWithTheFieldTheValueAndTheFormsAsBadInput(String text) {
    assertThatThrownBy(() -> Since.parse("--since", text, NOW))
        .isInstanceOfSatisfying(DeployException.class, e -> {
          assertThat(e.kind()).isEqualTo(DeployException.Kind.BAD_INPUT);
          assertThat(e.getMessage()).isEqualTo("--since: '" + text.strip() + "' is not a date, time or span: use "
              + Since.FORMS);
        });
  }
}
