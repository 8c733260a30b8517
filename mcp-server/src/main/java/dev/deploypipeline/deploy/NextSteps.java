package dev.deploypipeline.deploy;

import dev.deploypipeline.deploy.NextStep.Action;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.State;
import java.time.Clock;

/** What a person or agent should do next, per state; shown in every status and error. */
public final class NextSteps {
  private NextSteps() {}

  /** {@code service} names the service a new start would deploy; null when unknown. */
  public static NextStep forState(String id, String service, State s) {
    return switch (s) {
      case PENDING, VALIDATING, BUILDING, TESTING, DEPLOYING_DEV, DEPLOYING_STAGING, DEPLOYING_PROD ->
          NextStep.of("in progress; check again with {0}", Action.status(id));
      case AWAITING_APPROVAL -> NextStep.of("waiting for a human to approve prod: {0}; or reject it: {1}; "
          + "{2} undoes dev and staging", Action.approve(id), Action.reject(id), Action.rollback(id));
      case COMPLETED -> NextStep.of("done; to undo it: {0}", Action.rollback(id));
      case FAILED -> NextStep.of("read the error and the failed stage's log tail ({0}), fix, then start again "
          + "({1}); {2} restores what ran before in the environments it touched", Action.status(id),
          Action.start(service), Action.rollback(id));
      case ROLLED_BACK -> NextStep.of("rolled back; once fixed, start a new deployment: {0}", Action.start(service));
    };
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
