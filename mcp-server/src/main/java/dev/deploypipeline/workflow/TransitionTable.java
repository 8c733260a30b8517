package dev.deploypipeline.workflow;

import static dev.deploypipeline.workflow.Event.*;
import static dev.deploypipeline.workflow.State.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state machine as data, generated from a {@link Route}. Every legal (state, event) pair is a row; everything
 * else is illegal. FAILURE is legal from every non-terminal state so that any stage, or an expired approval, can end
 * the run; ROLLBACK only from states in which something may already have reached an environment (the gate, the
 * deploying states, completed and failed). The static methods are the table of {@link Route#DEFAULT}, whose rows
 * are the seed's.
 */
public final class TransitionTable {
  private static final Map<Route, TransitionTable> CACHE = new ConcurrentHashMap<>();
  private static final TransitionTable DEFAULT = of(Route.DEFAULT);

  private final Route route;
  private final List<Transition> rows;
  private final List<State> states;
  private final Map<State, Map<Event, State>> index = new LinkedHashMap<>();

  private TransitionTable(Route route) {
    this.route = route;
    List<State> order = new ArrayList<>(List.of(PENDING));
    List<Transition> main = new ArrayList<>();
    State last = PENDING;
    Event next = START;
    if (route.build()) {
      main.add(new Transition(PENDING, START, VALIDATING));
      main.add(new Transition(VALIDATING, VALIDATION_COMPLETE, BUILDING));
      main.add(new Transition(BUILDING, BUILD_COMPLETE, TESTING));
      order.addAll(List.of(VALIDATING, BUILDING, TESTING));
      last = TESTING;
      next = TESTS_PASSED;
    }
    List<State> deploying = new ArrayList<>();
    for (Route.Step step : route.steps()) {
      if (step.gate()) {
        main.add(new Transition(last, next, AWAITING_APPROVAL));
        main.add(new Transition(AWAITING_APPROVAL, APPROVED, step.state()));
        main.add(new Transition(AWAITING_APPROVAL, REJECTED, FAILED));
        order.add(AWAITING_APPROVAL);
      } else {
        main.add(new Transition(last, next, step.state()));
      }
      order.add(step.state());
      deploying.add(step.state());
      last = step.state();
      next = step.deployedEvent();
    }
    main.add(new Transition(last, next, COMPLETED));
    List<Transition> rows = new ArrayList<>(main);
    for (State s : order) rows.add(new Transition(s, FAILURE, FAILED));
    List<State> rollbackFrom = new ArrayList<>(List.of(FAILED, COMPLETED));
    if (route.gatedStep().isPresent()) rollbackFrom.add(AWAITING_APPROVAL);
    rollbackFrom.addAll(deploying);
    for (State s : rollbackFrom) rows.add(new Transition(s, ROLLBACK, ROLLED_BACK));
    order.addAll(List.of(COMPLETED, FAILED, ROLLED_BACK));
    this.rows = Collections.unmodifiableList(rows);
    this.states = List.copyOf(order);
    for (Transition t : this.rows) index.computeIfAbsent(t.from(), k -> new LinkedHashMap<>()).put(t.event(), t.to());
  }

  /** The table generated from {@code route} (cached: routes are values). */
  public static TransitionTable of(Route route) {
    return CACHE.computeIfAbsent(route, TransitionTable::new);
  }

  public Route route() {
    return route;
  }

  /** The rows, in path order, then FAILURE rows, then ROLLBACK rows. */
  public List<Transition> transitions() {
    return rows;
  }

  /** Every state of this table: the path's states in order, then the terminal ones. */
  public List<State> states() {
    return states;
  }

  /** Every event that appears in a row. */
  public Set<Event> events() {
    Set<Event> events = new LinkedHashSet<>();
    for (Transition t : rows) events.add(t.event());
    return Collections.unmodifiableSet(events);
  }

  /** The state that {@code event} leads to from {@code from}, or an {@link IllegalTransitionException}. */
  public State target(State from, Event event) {
    State to = index.getOrDefault(from, Map.of()).get(event);
    if (to == null) throw new IllegalTransitionException(from, event, eventsFrom(from));
    return to;
  }

  public boolean allows(State from, Event event) {
    return index.getOrDefault(from, Map.of()).containsKey(event);
  }

  public Set<Event> eventsFrom(State from) {
    Map<Event, State> row = index.get(from);
    return row == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(row.keySet()));
  }

  /** The rows of the default route. */
  public static List<Transition> rows() {
    return DEFAULT.transitions();
  }

  /** The next state on the default route. */
  public static State next(State from, Event event) {
    return DEFAULT.target(from, event);
  }

  public static boolean isLegal(State from, Event event) {
    return DEFAULT.allows(from, event);
  }

  public static Set<Event> legalEvents(State from) {
    return DEFAULT.eventsFrom(from);
  }
}
