package dev.deploypipeline.workflow;

import java.util.Map;
import java.util.Optional;

/** The success event of each stage state (docs/design.md): finishing a stage's work fires exactly this event. */
public final class StageEvents {
  private static final Map<State, Event> SUCCESS = Map.of(
      State.VALIDATING, Event.VALIDATION_COMPLETE,
      State.BUILDING, Event.BUILD_COMPLETE,
      State.TESTING, Event.TESTS_PASSED,
      State.DEPLOYING_DEV, Event.DEV_DEPLOYED,
      State.DEPLOYING_STAGING, Event.STAGING_DEPLOYED,
      State.AWAITING_APPROVAL, Event.APPROVED,
      State.DEPLOYING_PROD, Event.PROD_DEPLOYED);

  private StageEvents() {}

  public static Optional<Event> successEvent(State state) {
    return Optional.ofNullable(SUCCESS.get(state));
  }
}
