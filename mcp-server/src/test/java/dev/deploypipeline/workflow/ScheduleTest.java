package dev.deploypipeline.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleTest {
  // Weekdays 09:00-17:00 Berlin; one freeze over new year.
  final Schedule prod = new Schedule("prod",
      List.of(new Schedule.Window(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0),
          LocalTime.of(17, 0), ZoneId.of("Europe/Berlin"))),
      List.of(new Schedule.Freeze(Instant.parse("2026-12-31T00:00:00Z"), Instant.parse("2027-01-02T00:00:00Z"),
          "new year")));

  @ParameterizedTest(name = "{0} → open={1}")
  @CsvSource({
      "2026-11-25T07:59:59Z, false", // Wed 08:59:59 Berlin (CET, UTC+1)
      "2026-11-25T08:00:00Z, true",  // Wed 09:00 Berlin: from is inclusive
      "2026-11-25T15:59:59Z, true",
      "2026-11-25T16:00:00Z, false", // 17:00 Berlin: to is exclusive
      "2026-11-28T10:00:00Z, false", // Saturday
      "2026-07-01T07:00:00Z, true",  // Wed 09:00 Berlin in summer time (CEST, UTC+2)
      "2026-07-01T15:00:00Z, false", // 17:00 CEST
      "2026-12-31T10:00:00Z, false", // Thursday inside the window, but frozen
      "2027-01-04T10:00:00Z, true"})
  void opensOnlyInsideAWindowAndOutsideAFreeze(String at, boolean open) {
    assertThat(prod.closedAt(Instant.parse(at)).isEmpty()).isEqualTo(open);
  }

  @Test
  void aFreezeSaysUntilWhenAndWhy() {
    assertThat(prod.closedAt(Instant.parse("2026-12-31T10:00:00Z")))
        .hasValueSatisfying(r -> assertThat(r).startsWith("prod is frozen until 2027-01-02T00:00:00Z (new year)"));
  }

  @Test
  void noWindowsMeansAlwaysOpen() {
    assertThat(new Schedule("dev", null, null).closedAt(Instant.parse("2026-11-28T03:00:00Z"))).isEmpty();
  }
}
