package dev.deploypipeline.workflow;

import static dev.deploypipeline.workflow.RolloutEvent.*;
import static dev.deploypipeline.workflow.RolloutPhase.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

class RolloutTableTest {
  /**
   * The rollout sub-machine written out by hand (issue 13, Argo's phases): every (phase, event) pair not listed is
   * illegal.
   */
  private static final Map<RolloutPhase, Map<RolloutEvent, RolloutPhase>> EXPECTED = Map.of(
      STARTING, Map.of(READY, PROMOTING, VERIFY, VERIFYING, ABORT, ABORTING),
      PROMOTING, Map.of(VERIFY, VERIFYING, PAUSE, PAUSED, COMPLETE, PROMOTED, ABORT, ABORTING),
      VERIFYING, Map.of(PASSED, PROMOTING, INCONCLUSIVE, PAUSED, ABORT, ABORTING),
      PAUSED, Map.of(RESUME, PROMOTING, ABORT, ABORTING),
      ABORTING, Map.of(RolloutEvent.ABORTED, RolloutPhase.ABORTED),
      PROMOTED, Map.of(),
      RolloutPhase.ABORTED, Map.of());

  static Stream<Arguments> allPairs() {
    return Arrays.stream(RolloutPhase.values())
        .flatMap(p -> Arrays.stream(RolloutEvent.values()).map(e -> Arguments.of(p, e)));
  }

  @Test
  void theCaseTableCoversSevenPhasesTimesNineEvents() {
    assertThat(allPairs()).hasSize(63);
    assertThat(EXPECTED).containsOnlyKeys(RolloutPhase.values());
    assertThat(RolloutTable.rows()).hasSize(EXPECTED.values().stream().mapToInt(Map::size).sum());
  }

  @ParameterizedTest(name = "{0} + {1}")
  @MethodSource("allPairs")
  void everyPairBehavesAsTheExpectedTable(RolloutPhase from, RolloutEvent event) {
    RolloutPhase expected = EXPECTED.get(from).get(event);
    assertThat(RolloutTable.isLegal(from, event)).isEqualTo(expected != null);
    if (expected != null) {
      assertThat(RolloutTable.next(from, event)).isEqualTo(expected);
    } else {
      assertThatThrownBy(() -> RolloutTable.next(from, event)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(event.name()).hasMessageContaining(from.id());
      assertThat(RolloutTable.legalEvents(from)).isEqualTo(EXPECTED.get(from).keySet());
    }
  }

  static Rollout withVerdicts(String... verdicts) {
    Rollout r = Rollout.start("canary", 4, "v1", "v2", Instant.EPOCH);
    for (int i = 0; i < verdicts.length; i++) {
      r = r.withVerdict(new Rollout.Verdict("step-" + (i + 1), verdicts[i], null, List.of(), Instant.EPOCH));
    }
    return r;
  }

  static Stream<Arguments> guardCases() {
    Rollout none = withVerdicts();
    Rollout good = withVerdicts("successful", "successful");
    Rollout inconclusive = withVerdicts("successful", "inconclusive");
    Rollout approvedInconclusive = inconclusive.approvingLastVerdict("carol@example.com");
    Rollout cancelled = withVerdicts("cancelled");
    Rollout waitingApproval = good.waiting("approval", null);
    Rollout waitingTime = good.waiting("time", Instant.EPOCH);
    return Stream.of(
        Arguments.of("PASSED with no verdict", none, PASSED, "engine", false, "not successful"),
        Arguments.of("PASSED after success", good, PASSED, "engine", false, null),
        Arguments.of("PASSED after inconclusive", inconclusive, PASSED, "engine", false, "inconclusive"),
        Arguments.of("PASSED after cancelled", cancelled, PASSED, "engine", false, "cancelled"),
        Arguments.of("COMPLETE after all success", good, COMPLETE, "engine", false, null),
        Arguments.of("COMPLETE with an inconclusive", inconclusive, COMPLETE, "engine", false, "was inconclusive"),
        Arguments.of("COMPLETE with an approved inconclusive", approvedInconclusive, COMPLETE, "engine", false, null),
        Arguments.of("COMPLETE after a cancelled analysis", cancelled, COMPLETE, "engine", false, "was cancelled"),
        Arguments.of("RESUME approval without a human", waitingApproval, RESUME, null, false, "deploy approve"),
        Arguments.of("RESUME approval by a human", waitingApproval, RESUME, "carol@example.com", false, null),
        Arguments.of("RESUME after a timed pause", waitingTime, RESUME, null, false, null),
        Arguments.of("ABORTED unconfirmed", good, RolloutEvent.ABORTED, "engine", false, "does not yet show"),
        Arguments.of("ABORTED confirmed", good, RolloutEvent.ABORTED, "engine", true, null),
        Arguments.of("ABORT always", cancelled, ABORT, "engine", false, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("guardCases")
  void guardsRefuseWithAReasonOrAllow(String name, Rollout r, RolloutEvent e, String actor, boolean confirmed,
      String refusal) {
    var out = RolloutTable.guard(new RolloutTable.Context(r, e, actor, confirmed));
    if (refusal == null) assertThat(out).isEmpty();
    else assertThat(out).hasValueSatisfying(m -> assertThat(m).contains(refusal));
  }

  @Test
  void phasesAreKebabCaseOnTheWireAndOldReleasesWithoutARolloutStillLoad() throws Exception {
    JsonMapper m = JsonMapper.builder().findAndAddModules().build();
    Rollout r = Rollout.start("canary", 4, "v1", "v2", Instant.parse("2026-12-01T10:00:00Z"))
        .apply(READY, Instant.EPOCH).apply(PAUSE, Instant.EPOCH).waiting("approval", null);
    Release rel = new Release("prod", null, "d-1", "v1", "abc").withRollout(r);
    String json = m.writeValueAsString(rel);
    assertThat(json).contains("\"phase\":\"paused\"").contains("\"waitingFor\":\"approval\"");
    assertThat(m.readValue(json, Release.class)).isEqualTo(rel);
    Release old = m.readValue("{\"environment\":\"prod\",\"previousVersion\":\"v0\"}", Release.class);
    assertThat(old.rollout()).isNull();
    assertThat(old.previousVersion()).isEqualTo("v0");
  }
}
