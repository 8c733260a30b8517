package dev.deploypipeline.workflow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Events that move a deployment between {@link State}s; the names are the seed's and appear in the audit trail.
 * A route with other environments adds {@code <STEP>_DEPLOYED} events ({@code QA_DEPLOYED},
 * {@code PROD_EU+PROD_US_DEPLOYED}), so this is a value class: two events are equal when their names are.
 */
public final class Event {
  private static final String DEPLOYED = "_DEPLOYED";
  private static final Pattern STEP = Pattern.compile("[A-Z][A-Z0-9_]{0,30}(\\+[A-Z][A-Z0-9_]{0,30})*");

  public static final Event START = new Event("START");
  public static final Event VALIDATION_COMPLETE = new Event("VALIDATION_COMPLETE");
  public static final Event BUILD_COMPLETE = new Event("BUILD_COMPLETE");
  public static final Event TESTS_PASSED = new Event("TESTS_PASSED");
  public static final Event DEV_DEPLOYED = new Event("DEV_DEPLOYED");
  public static final Event STAGING_DEPLOYED = new Event("STAGING_DEPLOYED");
  public static final Event APPROVED = new Event("APPROVED");
  public static final Event REJECTED = new Event("REJECTED");
  public static final Event PROD_DEPLOYED = new Event("PROD_DEPLOYED");
  public static final Event FAILURE = new Event("FAILURE");
  public static final Event ROLLBACK = new Event("ROLLBACK");

  private static final List<Event> SEEDS = List.of(START, VALIDATION_COMPLETE, BUILD_COMPLETE, TESTS_PASSED,
      DEV_DEPLOYED, STAGING_DEPLOYED, APPROVED, REJECTED, PROD_DEPLOYED, FAILURE, ROLLBACK);

  // One instance per name, so that code comparing events with == stays right for generated events too.
  private static final Map<String, Event> GENERATED = new ConcurrentHashMap<>();

  private final String name;

  private Event(String name) {
    this.name = name;
  }

  /** The event that finishes deploying {@code step}; the seed names for dev, staging and prod. */
  public static Event deployed(String step) {
    return fromName(step.toUpperCase().replace('-', '_') + DEPLOYED).orElseThrow(() ->
        new IllegalArgumentException("'" + step + "' is not an environment name or a group of them joined by '+'"));
  }

  @JsonValue
  public String name() {
    return name;
  }

  /** The step a {@code <STEP>_DEPLOYED} event finished ({@code prod-eu+prod-us}), if it is one. */
  public Optional<String> step() {
    if (!name.endsWith(DEPLOYED)) return Optional.empty();
    return Optional.of(name.substring(0, name.length() - DEPLOYED.length()).toLowerCase().replace('_', '-'));
  }

  @JsonCreator
  static Event fromJson(String name) {
    return fromName(name).orElseThrow(() -> new IllegalArgumentException("unknown event '" + name + "'"));
  }

  /** A seed name (any case), or a generated {@code <STEP>_DEPLOYED} name. */
  public static Optional<Event> fromName(String name) {
    if (name == null) return Optional.empty();
    for (Event e : SEEDS) if (e.name.equalsIgnoreCase(name)) return Optional.of(e);
    String upper = name.toUpperCase();
    if (upper.endsWith(DEPLOYED) && STEP.matcher(upper.substring(0, upper.length() - DEPLOYED.length())).matches()) {
      return Optional.of(GENERATED.computeIfAbsent(upper, Event::new));
    }
    return Optional.empty();
  }

  /** The seed events. */
  public static Event[] values() {
    return SEEDS.toArray(new Event[0]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Event e && e.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}
