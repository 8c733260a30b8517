package dev.deploypipeline.workflow;

import java.util.Map;
import java.util.Optional;

/**
 * The success event of each stage state (docs/design.md): finishing a stage's work fires exactly this event. A
 * deploying state's event is its step's {@code <STEP>_DEPLOYED}; the gate's is APPROVED.
 */
public final class StageEvents {
  private static final Map<State, Event> SUCCESS = Map.of(
      State.VALIDATING, Event.VALIDATION_COMPLETE,
      State.BUILDING, Event.BUILD_COMPLETE,
      State.TESTING, Event.TESTS_PASSED);

  private StageEvents() {}

  public static Optional<Event> successEvent(State state) {
    if (state.isGate()) return Optional.of(Event.APPROVED);
    if (state.isDeploying()) return state.step().map(Event::deployed);
    return Optional.ofNullable(SUCCESS.get(state));
  }
}
