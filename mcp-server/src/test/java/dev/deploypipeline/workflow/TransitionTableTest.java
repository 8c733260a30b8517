package dev.deploypipeline.workflow;

import static dev.deploypipeline.workflow.Event.*;
import static dev.deploypipeline.workflow.State.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

class TransitionTableTest {

  /**
   * The expected state machine, written out by hand from docs/design.md rather than derived from the code under test.
   * Every (state, event) pair not listed here must be illegal.
   */
  private static final Map<State, Map<Event, State>> EXPECTED = Map.ofEntries(
      Map.entry(PENDING, Map.of(
          START, VALIDATING,
          FAILURE, FAILED)),
      Map.entry(VALIDATING, Map.of(
          VALIDATION_COMPLETE, BUILDING,
          FAILURE, FAILED)),
      Map.entry(BUILDING, Map.of(
          BUILD_COMPLETE, TESTING,
          FAILURE, FAILED)),
      Map.entry(TESTING, Map.of(
          TESTS_PASSED, DEPLOYING_DEV,
          FAILURE, FAILED)),
      Map.entry(DEPLOYING_DEV, Map.of(
          DEV_DEPLOYED, DEPLOYING_STAGING,
          FAILURE, FAILED,
          ROLLBACK, ROLLED_BACK)),
      Map.entry(DEPLOYING_STAGING, Map.of(
          STAGING_DEPLOYED, AWAITING_APPROVAL,
          FAILURE, FAILED,
          ROLLBACK, ROLLED_BACK)),
      Map.entry(AWAITING_APPROVAL, Map.of(
          APPROVED, DEPLOYING_PROD,
          REJECTED, FAILED,
          FAILURE, FAILED,
          ROLLBACK, ROLLED_BACK)),
      Map.entry(DEPLOYING_PROD, Map.of(
          PROD_DEPLOYED, COMPLETED,
          FAILURE, FAILED,
          ROLLBACK, ROLLED_BACK)),
      Map.entry(COMPLETED, Map.of(
          ROLLBACK, ROLLED_BACK)),
      Map.entry(FAILED, Map.of(
          ROLLBACK, ROLLED_BACK)),
      Map.entry(ROLLED_BACK, Map.of()));

  static Stream<Arguments> allPairs() {
    return Arrays.stream(State.values())
        .flatMap(s -> Arrays.stream(Event.values()).map(e -> Arguments.of(s, e)));
  }

  @Test
  void theCaseTableCoversElevenStatesTimesElevenEvents() {
    assertThat(allPairs()).hasSize(121);
    assertThat(EXPECTED).containsOnlyKeys(State.values());
  }

  @ParameterizedTest(name = "{0} + {1}")
  @MethodSource("allPairs")
  void everyPairBehavesAsTheExpectedTable(State from, Event event) {
    State expected = EXPECTED.get(from).get(event);
    if (expected != null) {
      assertThat(TransitionTable.isLegal(from, event)).isTrue();
      assertThat(TransitionTable.next(from, event)).isEqualTo(expected);
    } else {
      assertThat(TransitionTable.isLegal(from, event)).isFalse();
      IllegalTransitionException e =
          catchThrowableOfType(IllegalTransitionException.class, () -> TransitionTable.next(from, event));
      assertThat(e).as("%s + %s must be illegal", from, event).isNotNull();
      assertThat(e.state()).isEqualTo(from);
      assertThat(e.event()).isEqualTo(event);
      assertThat(e.legal()).isEqualTo(EXPECTED.get(from).keySet());
      assertThat(e.getMessage()).contains("'" + from.id() + "'").contains(event.name());
      if (EXPECTED.get(from).isEmpty()) {
        assertThat(e.getMessage()).contains("legal now: none");
      } else {
        for (Event legal : EXPECTED.get(from).keySet()) assertThat(e.getMessage()).contains(legal.name());
      }
    }
  }

  @Test
  void illegalTransitionMessageIsExact() {
    assertThatThrownBy(() -> TransitionTable.next(BUILDING, APPROVED))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessage("event APPROVED is not legal in state 'building'; legal now: BUILD_COMPLETE, FAILURE");
    assertThatThrownBy(() -> TransitionTable.next(ROLLED_BACK, START))
        .hasMessage("event START is not legal in state 'rolled-back'; legal now: none (the deployment is finished)");
  }

  @Test
  void rowsListExactlyTheExpectedTransitions() {
    long expectedRows = EXPECTED.values().stream().mapToLong(Map::size).sum();
    assertThat(TransitionTable.rows()).hasSize((int) expectedRows);
    for (Transition t : TransitionTable.rows()) {
      assertThat(EXPECTED.get(t.from())).containsEntry(t.event(), t.to());
    }
  }

  @ParameterizedTest
  @MethodSource("terminalStates")
  void terminalStatesAllowNothingButRollbackFromCompletedOrFailed(State terminal) {
    assertThat(terminal.isTerminal()).isTrue();
    Set<Event> expected = terminal == ROLLED_BACK ? Set.of() : Set.of(ROLLBACK);
    assertThat(TransitionTable.legalEvents(terminal)).isEqualTo(expected);
  }

  static Stream<State> terminalStates() {
    return Stream.of(COMPLETED, FAILED, ROLLED_BACK);
  }

  static Stream<State> seedStates() {
    return Arrays.stream(State.values());
  }

  @Test
  void failureIsLegalFromEveryNonTerminalStateAndFromNoTerminalOne() {
    for (State s : State.values()) {
      assertThat(TransitionTable.isLegal(s, FAILURE)).as(s.id()).isEqualTo(!s.isTerminal());
      if (!s.isTerminal()) assertThat(TransitionTable.next(s, FAILURE)).isEqualTo(FAILED);
    }
  }

  @Test
  void rollbackIsLegalExactlyFromStatesWhereSomethingMayHaveBeenDeployed() {
    Set<State> from = new HashSet<>();
    for (State s : State.values()) if (TransitionTable.isLegal(s, ROLLBACK)) from.add(s);
    assertThat(from).containsExactlyInAnyOrder(
        FAILED, COMPLETED, AWAITING_APPROVAL, DEPLOYING_DEV, DEPLOYING_STAGING, DEPLOYING_PROD);
  }

  @Test
  void deploymentApplyFollowsTheTable() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    Instant t1 = t0.plusSeconds(5);
    Deployment d = Deployment.create("d-1", "svc", "main", "abc", "1.0", "alice", t0);
    Deployment started = d.apply(START, t1);
    assertThat(started.state()).isEqualTo(VALIDATING);
    assertThat(started.updatedAt()).isEqualTo(t1);
    assertThat(started.createdAt()).isEqualTo(t0);
    assertThat(d.state()).as("the original is unchanged").isEqualTo(PENDING);

    State s = PENDING;
    Deployment walk = d;
    for (Event e : new Event[] {START, VALIDATION_COMPLETE, BUILD_COMPLETE, TESTS_PASSED, DEV_DEPLOYED,
        STAGING_DEPLOYED, APPROVED, PROD_DEPLOYED}) {
      walk = walk.apply(e, t1);
      s = TransitionTable.next(s, e);
      assertThat(walk.state()).isEqualTo(s);
    }
    assertThat(walk.state()).isEqualTo(COMPLETED);
    assertThat(walk.isActive()).isFalse();

    assertThatThrownBy(() -> started.apply(PROD_DEPLOYED, t1))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("'validating'");
  }

  @ParameterizedTest
  @MethodSource("seedStates")
  void stateJsonIdsRoundTripWithJackson3(State state) {
    JsonMapper mapper = JsonMapper.builder().build();
    String json = mapper.writeValueAsString(state);
    assertThat(json).isEqualTo("\"" + state.id() + "\"");
    assertThat(mapper.readValue(json, State.class)).isEqualTo(state);
    assertThat(State.fromId(state.id())).contains(state);
  }

  @Test
  void stateIdsAreKebabCase() {
    assertThat(State.ids()).containsExactly("pending", "validating", "building", "testing", "deploying-dev",
        "deploying-staging", "awaiting-approval", "deploying-prod", "completed", "failed", "rolled-back");
  }

  @Test
  void unknownStateIdInJsonIsRejectedWithTheKnownIds() {
    JsonMapper mapper = JsonMapper.builder().build();
    assertThatThrownBy(() -> mapper.readValue("\"deploying_dev\"", State.class))
        .hasMessageContaining("unknown state 'deploying_dev'")
        .hasMessageContaining("deploying-dev");
  }

  @Test
  void deploymentStateSerialisesAsItsId() {
    JsonMapper mapper = JsonMapper.builder().build();
    Deployment d = Deployment.create("d-1", "svc", "main", "abc", "1.0", "alice", Instant.parse("2026-01-01T00:00:00Z"))
        .withState(AWAITING_APPROVAL, Instant.parse("2026-01-01T00:01:00Z"));
    String json = mapper.writeValueAsString(d);
    assertThat(json).contains("\"state\":\"awaiting-approval\"").doesNotContain("AWAITING_APPROVAL");
    assertThat(mapper.readValue(json, Deployment.class)).isEqualTo(d);
  }

  @Test
  void environmentOfDeployingStates() {
    assertThat(DEPLOYING_DEV.environment()).contains("dev");
    assertThat(DEPLOYING_STAGING.environment()).contains("staging");
    assertThat(DEPLOYING_PROD.environment()).contains("prod");
    assertThat(AWAITING_APPROVAL.environment()).isEmpty();
    assertThat(Event.fromName("tests_passed")).contains(TESTS_PASSED);
    assertThat(Event.fromName("nope")).isEmpty();
  }
}
