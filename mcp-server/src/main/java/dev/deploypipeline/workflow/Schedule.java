package dev.deploypipeline.workflow;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When an environment may be deployed: open inside any of its windows (none configured means always), and never
 * during a freeze. Pure, so that guards can ask it with the injected clock's instant.
 */
public record Schedule(String environment, List<Window> windows, List<Freeze> freezes) {
  public Schedule {
    windows = windows == null ? List.of() : List.copyOf(windows);
    freezes = freezes == null ? List.of() : List.copyOf(freezes);
  }

  /** Days (empty: every day), a half-open local time range [from, to) and the zone it is read in. */
  public record Window(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) {
    boolean contains(Instant now) {
      ZonedDateTime local = now.atZone(zone);
      LocalTime t = local.toLocalTime();
      return (days.isEmpty() || days.contains(local.getDayOfWeek())) && !t.isBefore(from) && t.isBefore(to);
    }

    String describe() {
      String d = days.isEmpty() ? "every day" : days.stream().sorted()
          .map(x -> x.name().substring(0, 3).toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining(","));
      return d + " " + from + "-" + to + " " + zone.getId();
    }
  }

  /** [from, to): no deployments, with the reason people will read. */
  public record Freeze(Instant from, Instant to, String reason) {
    boolean contains(Instant now) {
      return !now.isBefore(from) && now.isBefore(to);
    }
  }

  /** Why {@code environment} is closed at {@code now}, phrased with when it opens again; empty when open. */
  public Optional<String> closedAt(Instant now) {
    for (Freeze f : freezes) {
      if (f.contains(now)) {
        return Optional.of(environment + " is frozen until " + f.to() + (f.reason() == null ? "" : " (" + f.reason()
            + ")") + "; deploy after the freeze ends, or ask the freeze owner to lift it in environments."
            + environment + ".freezes");
      }
    }
    if (windows.isEmpty() || windows.stream().anyMatch(w -> w.contains(now))) return Optional.empty();
    return Optional.of(environment + " is outside its deployment windows (" + windows.stream().map(Window::describe)
        .collect(Collectors.joining("; ")) + ") at " + now + "; try again inside a window, or change environments."
        + environment + ".windows");
  }
}
