package dev.deploypipeline.workflow;

import java.util.Set;
import java.util.stream.Collectors;

/** An event that the table does not allow in the current state. The message lists what is legal instead. */
public final class IllegalTransitionException extends RuntimeException {
  private final State state;
  private final Event event;
  private final Set<Event> legal;

  public IllegalTransitionException(State state, Event event, Set<Event> legal) {
    super("event " + event + " is not legal in state '" + state.id() + "'; legal now: "
        + (legal.isEmpty() ? "none (the deployment is finished)"
            : legal.stream().map(Event::name).sorted().collect(Collectors.joining(", "))));
    this.state = state;
    this.event = event;
    this.legal = Set.copyOf(legal);
  }

  public State state() {
    return state;
  }

  public Event event() {
    return event;
  }

  public Set<Event> legal() {
    return legal;
  }
}
