package dev.deploypipeline.deploy;

import dev.deploypipeline.deploy.NextStep.Action;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Route;
import dev.deploypipeline.workflow.State;
import java.time.Clock;
import java.util.List;

/** What a person or agent should do next, per state; shown in every status and error. */
public final class NextSteps {
  private NextSteps() {}

  /** {@code service} names the service a new start would deploy; null when unknown. */
  public static NextStep forState(String id, String service, State s) {
    return forState(id, service, s, Route.DEFAULT);
  }

  /** The advice for a deployment of {@code route} in state {@code s}: the gate names the step it guards. */
  public static NextStep forState(String id, String service, State s, Route route) {
    if (s.isGate()) {
      Route.Step gated = route.gatedStep().orElse(route.lastStep());
      List<String> before = route.environments().subList(0, route.environments().indexOf(gated.environments().get(0)));
      String undo = before.isEmpty() ? "{2} ends it" : "{2} undoes " + String.join(" and ", before);
      return NextStep.of("waiting for a human to approve " + gated.name().replace("+", " and ") + ": {0}; "
          + "or reject it: {1}; " + undo, Action.approve(id), Action.reject(id), Action.rollback(id));
    }
    if (s.equals(State.COMPLETED)) return NextStep.of("done; to undo it: {0}", Action.rollback(id));
    if (s.equals(State.FAILED)) {
      return NextStep.of("read the error and the failed stage's log tail ({0}), fix, then start again "
          + "({1}); {2} restores what ran before in the environments it touched", Action.status(id),
          Action.start(service), Action.rollback(id));
    }
    if (s.equals(State.ROLLED_BACK)) {
      return NextStep.of("rolled back; once fixed, start a new deployment: {0}", Action.start(service));
    }
    return NextStep.of("in progress; check again with {0}", Action.status(id));
  }

  /**
   * For a start refused because {@code active} holds {@code service}: the advice its own status gives (approve or
   * reject it at the gate, take over a stalled one, follow a running one), naming it.
   */
  static NextStep holding(String service, Deployment active, Clock clock) {
    if (active == null) return NextStep.of("see what is active with {0}", Action.list());
    NextStep own = Views.nextStep(active, clock);
    return new NextStep(active.id() + " (" + active.state().id() + ") holds " + service + ": " + own.template(),
        own.actions());
  }

  public static NextStep stalled(String id, String owner) {
    return NextStep.of("its driver " + owner + " is gone; take it over: {0}", Action.resume(id));
  }
}
