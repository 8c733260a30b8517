package dev.deploypipeline.workflow;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The lookup behind a state machine kept as rows of (from, event, to): the deployment's {@link TransitionTable}
 * and the rollout's {@link RolloutTable} index their rows the same way, so the rows stay the only source.
 */
final class EnumTable<S extends Enum<S>, E extends Enum<E>> {
  private final Class<S> states;
  private final Class<E> events;
  private final Map<S, Map<E, S>> index;

  EnumTable(Class<S> states, Class<E> events) {
    this.states = states;
    this.events = events;
    this.index = new EnumMap<>(states);
  }

  EnumTable<S, E> put(S from, E event, S to) {
    index.computeIfAbsent(from, k -> new EnumMap<>(events)).put(event, to);
    return this;
  }

  /** Where {@code event} leads from {@code from}, or null when the pair is not a row. */
  S to(S from, E event) {
    return index.getOrDefault(from, Map.of()).get(event);
  }

  boolean isLegal(S from, E event) {
    return to(from, event) != null;
  }

  Set<E> legalEvents(S from) {
    Map<E, S> row = index.get(from);
    return row == null || row.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(row.keySet()));
  }

  @Override
  public String toString() {
    return "EnumTable<" + states.getSimpleName() + ", " + events.getSimpleName() + ">";
  }
}
