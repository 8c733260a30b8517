package dev.deploypipeline.workflow;

import static dev.deploypipeline.workflow.Event.*;
import static dev.deploypipeline.workflow.State.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The state machine generated from a route, checked pair by pair against tables written out by hand: the default
 * path (the seed's rows, in the seed's order), four environments, prod regions in a parallel group, and the
 * single-environment routes that promotion uses.
 */
class GeneratedTransitionTableTest {
  static final State QA = State.deploying("qa");
  static final State REGIONS = State.deploying("prod-eu+prod-us");
  static final Event QA_DEPLOYED = Event.deployed("qa");
  static final Event REGIONS_DEPLOYED = Event.deployed("prod-eu+prod-us");

  static final Route FOUR = Route.of(List.of(List.of("dev"), List.of("qa"), List.of("staging"), List.of("prod")),
      "prod"::equals);
  static final Route PARALLEL = Route.of(List.of(List.of("dev"), List.of("staging"), List.of("prod-eu", "prod-us")),
      e -> e.startsWith("prod"));
  static final Route SINGLE = Route.single("qa", false);
  static final Route SINGLE_GATED = Route.single("prod", true);

  /** Today's rows, in today's order (TransitionTable before routes), for the default route. */
  static final List<Transition> SEED_ROWS = List.of(
      new Transition(PENDING, START, VALIDATING),
      new Transition(VALIDATING, VALIDATION_COMPLETE, BUILDING),
      new Transition(BUILDING, BUILD_COMPLETE, TESTING),
      new Transition(TESTING, TESTS_PASSED, DEPLOYING_DEV),
      new Transition(DEPLOYING_DEV, DEV_DEPLOYED, DEPLOYING_STAGING),
      new Transition(DEPLOYING_STAGING, STAGING_DEPLOYED, AWAITING_APPROVAL),
      new Transition(AWAITING_APPROVAL, APPROVED, DEPLOYING_PROD),
      new Transition(AWAITING_APPROVAL, REJECTED, FAILED),
      new Transition(DEPLOYING_PROD, PROD_DEPLOYED, COMPLETED),
      new Transition(PENDING, FAILURE, FAILED),
      new Transition(VALIDATING, FAILURE, FAILED),
      new Transition(BUILDING, FAILURE, FAILED),
      new Transition(TESTING, FAILURE, FAILED),
      new Transition(DEPLOYING_DEV, FAILURE, FAILED),
      new Transition(DEPLOYING_STAGING, FAILURE, FAILED),
      new Transition(AWAITING_APPROVAL, FAILURE, FAILED),
      new Transition(DEPLOYING_PROD, FAILURE, FAILED),
      new Transition(FAILED, ROLLBACK, ROLLED_BACK),
      new Transition(COMPLETED, ROLLBACK, ROLLED_BACK),
      new Transition(AWAITING_APPROVAL, ROLLBACK, ROLLED_BACK),
      new Transition(DEPLOYING_DEV, ROLLBACK, ROLLED_BACK),
      new Transition(DEPLOYING_STAGING, ROLLBACK, ROLLED_BACK),
      new Transition(DEPLOYING_PROD, ROLLBACK, ROLLED_BACK));

  static Map<State, Map<Event, State>> expected(Route route) {
    Map<State, Map<Event, State>> m = new LinkedHashMap<>();
    if (route == Route.DEFAULT) {
      for (Transition t : SEED_ROWS) m.computeIfAbsent(t.from(), k -> new LinkedHashMap<>()).put(t.event(), t.to());
    } else if (route == FOUR) {
      m.put(PENDING, Map.of(START, VALIDATING, FAILURE, FAILED));
      m.put(VALIDATING, Map.of(VALIDATION_COMPLETE, BUILDING, FAILURE, FAILED));
      m.put(BUILDING, Map.of(BUILD_COMPLETE, TESTING, FAILURE, FAILED));
      m.put(TESTING, Map.of(TESTS_PASSED, DEPLOYING_DEV, FAILURE, FAILED));
      m.put(DEPLOYING_DEV, Map.of(DEV_DEPLOYED, QA, FAILURE, FAILED, ROLLBACK, ROLLED_BACK));
      m.put(QA, Map.of(QA_DEPLOYED, DEPLOYING_STAGING, FAILURE, FAILED, ROLLBACK, ROLLED_BACK));
      m.put(DEPLOYING_STAGING, Map.of(STAGING_DEPLOYED, AWAITING_APPROVAL, FAILURE, FAILED, ROLLBACK, ROLLED_BACK));
      m.put(AWAITING_APPROVAL, Map.of(APPROVED, DEPLOYING_PROD, REJECTED, FAILED, FAILURE, FAILED,
          ROLLBACK, ROLLED_BACK));
      m.put(DEPLOYING_PROD, Map.of(PROD_DEPLOYED, COMPLETED, FAILURE, FAILED, ROLLBACK, ROLLED_BACK));
    } else if (route == PARALLEL) {
      m.put(PENDING, Map.of(START, VALIDATING, FAILURE, FAILED));
      m.put(VALIDATING, Map.of(VALIDATION_COMPLETE, BUILDING, FAILURE, FAILED));
      m.put(BUILDING, Map.of(BUILD_COMPLETE, TESTING, FAILURE, FAILED));
      m.put(TESTING, Map.of(TESTS_PASSED, DEPLOYING_DEV, FAILURE, FAILED));
      m.put(DEPLOYING_DEV, Map.of(DEV_DEPLOYED, DEPLOYING_STAGING, FAILURE, FAILED, ROLLBACK, ROLLED_BACK));
      m.put(DEPLOYING_STAGING, Map.of(STAGING_DEPLOYED, AWAITING_APPROVAL, FAILURE, FAILED, ROLLBACK, ROLLED_BACK));
      m.put(AWAITING_APPROVAL, Map.of(APPROVED, REGIONS, REJECTED, FAILED, FAILURE, FAILED, ROLLBACK, ROLLED_BACK));
      m.put(REGIONS, Map.of(REGIONS_DEPLOYED, COMPLETED, FAILURE, FAILED, ROLLBACK, ROLLED_BACK));
    } else if (route == SINGLE) {
      m.put(PENDING, Map.of(START, QA, FAILURE, FAILED));
      m.put(QA, Map.of(QA_DEPLOYED, COMPLETED, FAILURE, FAILED, ROLLBACK, ROLLED_BACK));
    } else if (route == SINGLE_GATED) {
      m.put(PENDING, Map.of(START, AWAITING_APPROVAL, FAILURE, FAILED));
      m.put(AWAITING_APPROVAL, Map.of(APPROVED, DEPLOYING_PROD, REJECTED, FAILED, FAILURE, FAILED,
          ROLLBACK, ROLLED_BACK));
      m.put(DEPLOYING_PROD, Map.of(PROD_DEPLOYED, COMPLETED, FAILURE, FAILED, ROLLBACK, ROLLED_BACK));
    }
    m.putIfAbsent(COMPLETED, Map.of(ROLLBACK, ROLLED_BACK));
    m.putIfAbsent(FAILED, Map.of(ROLLBACK, ROLLED_BACK));
    m.putIfAbsent(ROLLED_BACK, Map.of());
    return m;
  }

  static Stream<Route> routes() {
    return Stream.of(Route.DEFAULT, FOUR, PARALLEL, SINGLE, SINGLE_GATED);
  }

  /**
   * Every (state, event) pair over the states and events of all the routes and the seed: each route's table must
   * answer every one of them, including states and events of the other routes.
   */
  static Stream<Arguments> everyPair() {
    Set<State> states = new LinkedHashSet<>(List.of(State.values()));
    Set<Event> events = new LinkedHashSet<>(List.of(Event.values()));
    routes().forEach(r -> {
      states.addAll(TransitionTable.of(r).states());
      events.addAll(TransitionTable.of(r).events());
    });
    return routes().flatMap(r -> states.stream().flatMap(s -> events.stream()
        .map(e -> Arguments.of(name(r), r, s, e))));
  }

  static String name(Route r) {
    return r == Route.DEFAULT ? "default" : r == FOUR ? "four" : r == PARALLEL ? "parallel"
        : r == SINGLE ? "single" : "single-gated";
  }

  @ParameterizedTest(name = "{0}: {2} + {3}")
  @MethodSource("everyPair")
  void everyPairOfEveryRouteBehavesAsItsHandWrittenTable(String name, Route route, State from, Event event) {
    TransitionTable table = TransitionTable.of(route);
    State expected = expected(route).getOrDefault(from, Map.of()).get(event);
    if (expected != null) {
      assertThat(table.allows(from, event)).isTrue();
      assertThat(table.target(from, event)).isEqualTo(expected);
    } else {
      assertThat(table.allows(from, event)).isFalse();
      IllegalTransitionException e =
          catchThrowableOfType(IllegalTransitionException.class, () -> table.target(from, event));
      assertThat(e).as("%s + %s must be illegal on %s", from, event, name).isNotNull();
      assertThat(e.legal()).isEqualTo(expected(route).getOrDefault(from, Map.of()).keySet());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routes")
  void theRowsAreExactlyTheHandWrittenOnesAndTheStatesAreTheirs(Route route) {
    TransitionTable table = TransitionTable.of(route);
    Map<State, Map<Event, State>> expected = expected(route);
    assertThat(table.transitions()).hasSize(expected.values().stream().mapToInt(Map::size).sum());
    for (Transition t : table.transitions()) assertThat(expected.get(t.from())).containsEntry(t.event(), t.to());
    assertThat(table.states()).containsExactlyInAnyOrderElementsOf(expected.keySet());
  }

  @Test
  void theDefaultRouteGeneratesTodaysRowsInTodaysOrder() {
    assertThat(TransitionTable.of(Route.DEFAULT).transitions()).containsExactlyElementsOf(SEED_ROWS);
    assertThat(TransitionTable.rows()).containsExactlyElementsOf(SEED_ROWS);
    assertThat(Route.of(List.of(List.of("dev"), List.of("staging"), List.of("prod")), "prod"::equals))
        .isEqualTo(Route.DEFAULT);
    assertThat(TransitionTable.of(Route.DEFAULT).states()).containsExactly(State.values());
    assertThat(TransitionTable.of(Route.DEFAULT).events()).containsExactlyInAnyOrder(Event.values());
  }

  @Test
  void generatedIdsParseBackAndCompareByValue() {
    assertThat(State.fromId("deploying-qa")).contains(QA);
    assertThat(State.fromId("deploying-prod-eu+prod-us").orElseThrow().environments())
        .containsExactly("prod-eu", "prod-us");
    assertThat(REGIONS.environment()).as("a group has no single environment").isEmpty();
    assertThat(QA.environment()).contains("qa");
    assertThat(QA.isStage()).isTrue();
    assertThat(QA.isGate()).isFalse();
    assertThat(AWAITING_APPROVAL.isGate()).isTrue();
    assertThat(State.fromId("awaiting-approval-prod-eu").orElseThrow().isGate()).isTrue();
    assertThat(State.fromId("deploying-Prod")).isEmpty();
    assertThat(State.fromId("deploying-")).isEmpty();
    assertThat(State.deploying("prod")).isSameAs(DEPLOYING_PROD);
    assertThat(Event.deployed("dev")).isSameAs(DEV_DEPLOYED);
    assertThat(REGIONS_DEPLOYED.name()).isEqualTo("PROD_EU+PROD_US_DEPLOYED");
    assertThat(Event.fromName("prod_eu+prod_us_deployed")).contains(REGIONS_DEPLOYED);
    assertThat(REGIONS_DEPLOYED.step()).contains("prod-eu+prod-us");
    assertThat(Event.fromName("SHIPPED")).isEmpty();
    assertThat(StageEvents.successEvent(QA)).contains(QA_DEPLOYED);
    assertThatThrownBy(() -> State.deploying("Prod EU")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDeploymentOnARouteSerialisesItsRouteAndGeneratedStateAndReadsThemBack() {
    JsonMapper mapper = JsonMapper.builder().build();
    Instant t = Instant.parse("2026-12-07T10:00:00Z");
    Deployment d = Deployment.create("d-1", "svc", "main", "abc", "1.0", "alice", t).withRoute(PARALLEL)
        .apply(START, t).apply(VALIDATION_COMPLETE, t).apply(BUILD_COMPLETE, t).apply(TESTS_PASSED, t)
        .apply(DEV_DEPLOYED, t).apply(STAGING_DEPLOYED, t).apply(APPROVED, t);
    assertThat(d.state()).isEqualTo(REGIONS);
    String json = mapper.writeValueAsString(d);
    assertThat(json).contains("\"state\":\"deploying-prod-eu+prod-us\"")
        .contains("\"route\":{\"build\":true,\"steps\":[{\"environments\":[\"dev\"],\"gate\":false}");
    Deployment back = mapper.readValue(json, Deployment.class);
    assertThat(back).isEqualTo(d);
    assertThat(back.apply(REGIONS_DEPLOYED, t).state()).isEqualTo(COMPLETED);
    assertThatThrownBy(() -> back.apply(PROD_DEPLOYED, t)).isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("PROD_EU+PROD_US_DEPLOYED");
    assertThat(mapper.writeValueAsString(d.withRoute(Route.DEFAULT))).doesNotContain("route");
  }

  @Test
  void aRouteRefusesAnEnvironmentTwiceAndASecondGate() {
    assertThatThrownBy(() -> Route.steps(List.of(List.of("dev"), List.of("dev", "qa")), false))
        .hasMessageContaining("'dev' appears twice");
    assertThatThrownBy(() -> new Route(true, List.of(new Route.Step(List.of("a"), true),
        new Route.Step(List.of("b"), true)))).hasMessageContaining("at most one approval gate");
    assertThat(Route.of(List.of(List.of("dev"), List.of("prod-eu", "prod-us"), List.of("prod-ap")),
        e -> e.startsWith("prod")).steps()).extracting(Route.Step::gate).containsExactly(false, true, false);
    assertThat(PARALLEL.environmentsFromGate()).containsExactly("prod-eu", "prod-us");
    assertThat(PARALLEL.environmentsBeforeGate()).containsExactly("dev", "staging");
  }
}
