package dev.deploypipeline.config;

import dev.deploypipeline.workflow.Schedule;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * What Jakarta cannot see in windows and freezes (a real zone, an instant, from before to), and the conversion of
 * a valid environment's policy into the pure {@link Schedule} the guards read.
 */
public final class PolicyChecks {
  private static final Map<String, DayOfWeek> DAYS = Map.of("mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY,
      "wed", DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY, "sat", DayOfWeek.SATURDAY,
      "sun", DayOfWeek.SUNDAY);
  private static final java.util.regex.Pattern TIME = java.util.regex.Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");

  private PolicyChecks() {}

  static List<String> check(String env, EnvironmentSpec e) {
    List<String> p = new ArrayList<>();
    String base = "environments." + env;
    List<WindowSpec> windows = e.windowList();
    for (int i = 0; i < windows.size(); i++) {
      WindowSpec w = windows.get(i);
      if (w == null) {
        p.add(base + ".windows[" + i + "]: must be an object with days, from, to and timeZone");
        continue;
      }
      String path = base + ".windows[" + i + "]";
      if (w.timeZone() != null && zone(w.timeZone()) == null) {
        p.add(path + ".timeZone: '" + w.timeZone() + "' is not a time zone; use an IANA name such as "
            + "\"Europe/Berlin\", \"America/New_York\" or \"UTC\"");
      }
      if (valid(w.from()) && valid(w.to()) && !LocalTime.parse(w.from()).isBefore(LocalTime.parse(w.to()))) {
        p.add(path + ".to: must be later than from (" + w.from() + "); a window cannot span midnight, split it "
            + "into two windows");
      }
    }
    List<FreezeSpec> freezes = e.freezeList();
    for (int i = 0; i < freezes.size(); i++) {
      FreezeSpec f = freezes.get(i);
      if (f == null) {
        p.add(base + ".freezes[" + i + "]: must be an object with from, to and reason");
        continue;
      }
      String path = base + ".freezes[" + i + "]";
      Instant from = f.from() == null ? null : instant(f.from());
      Instant to = f.to() == null ? null : instant(f.to());
      if (f.from() != null && from == null) p.add(path + ".from: must be an ISO-8601 instant with offset, e.g. "
          + "\"2026-12-20T00:00:00Z\"");
      if (f.to() != null && to == null) p.add(path + ".to: must be an ISO-8601 instant with offset, e.g. "
          + "\"2027-01-04T00:00:00+01:00\"");
      if (from != null && to != null && !from.isBefore(to)) p.add(path + ".to: must be later than from");
    }
    return p;
  }

  /** The schedule of a config that passed {@link #check}. */
  public static Schedule schedule(String env, EnvironmentSpec e) {
    if (e == null) return new Schedule(env, List.of(), List.of());
    List<Schedule.Window> windows = new ArrayList<>();
    for (WindowSpec w : e.windowList()) {
      EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
      if (w.days() != null) w.days().forEach(d -> days.add(DAYS.get(d)));
      windows.add(new Schedule.Window(days, LocalTime.parse(w.from()), LocalTime.parse(w.to()), zone(w.timeZone())));
    }
    List<Schedule.Freeze> freezes = e.freezeList().stream()
        .map(f -> new Schedule.Freeze(instant(f.from()), instant(f.to()), f.reason())).toList();
    return new Schedule(env, windows, freezes);
  }

  private static boolean valid(String time) {
    return time != null && TIME.matcher(time).matches();
  }

  private static ZoneId zone(String id) {
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static Instant instant(String s) {
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }
}
