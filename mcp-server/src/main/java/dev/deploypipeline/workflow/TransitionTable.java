package dev.deploypipeline.workflow;

import static dev.deploypipeline.workflow.Event.*;
import static dev.deploypipeline.workflow.State.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The state machine as data. Every legal (state, event) pair is a row here; everything else is illegal.
 * FAILURE is legal from every non-terminal state so that any stage, or an expired approval, can end the run;
 * ROLLBACK only from states in which something may already have reached an environment.
 */
public final class TransitionTable {
  private static final List<Transition> ROWS;
  private static final EnumTable<State, Event> INDEX = new EnumTable<>(State.class, Event.class);

  static {
    List<Transition> rows = new ArrayList<>(List.of(
        new Transition(PENDING, START, VALIDATING),
        new Transition(VALIDATING, VALIDATION_COMPLETE, BUILDING),
        new Transition(BUILDING, BUILD_COMPLETE, TESTING),
        new Transition(TESTING, TESTS_PASSED, DEPLOYING_DEV),
        new Transition(DEPLOYING_DEV, DEV_DEPLOYED, DEPLOYING_STAGING),
        new Transition(DEPLOYING_STAGING, STAGING_DEPLOYED, AWAITING_APPROVAL),
        new Transition(AWAITING_APPROVAL, APPROVED, DEPLOYING_PROD),
        new Transition(AWAITING_APPROVAL, REJECTED, FAILED),
        new Transition(DEPLOYING_PROD, PROD_DEPLOYED, COMPLETED)));
    for (State s : State.values()) {
      if (!s.isTerminal()) rows.add(new Transition(s, FAILURE, FAILED));
    }
    for (State s : List.of(FAILED, COMPLETED, AWAITING_APPROVAL, DEPLOYING_DEV, DEPLOYING_STAGING, DEPLOYING_PROD)) {
      rows.add(new Transition(s, ROLLBACK, ROLLED_BACK));
    }
    ROWS = Collections.unmodifiableList(rows);
    for (Transition t : ROWS) {
      INDEX.put(t.from(), t.event(), t.to());
    }
  }

  private TransitionTable() {}

  public static List<Transition> rows() {
    return ROWS;
  }

  /** The state that {@code event} leads to from {@code from}, or an {@link IllegalTransitionException}. */
  public static State next(State from, Event event) {
    State to = INDEX.to(from, event);
    if (to == null) throw new IllegalTransitionException(from, event, legalEvents(from));
    return to;
  }

  public static boolean isLegal(State from, Event event) {
    return INDEX.isLegal(from, event);
  }

  public static Set<Event> legalEvents(State from) {
    return INDEX.legalEvents(from);
  }
}
