package dev.deploypipeline.deploy;

import static dev.deploypipeline.deploy.VersionsTest.summary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.workflow.DeploymentSummary;
import dev.deploypipeline.workflow.State;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The promotion rule over history: released and not rolled back in every environment before the target's step. */
class PromotionGuardTest {
  static final List<List<String>> FOUR = List.of(List.of("dev"), List.of("qa"), List.of("staging"), List.of("prod"));
  static final List<List<String>> REGIONS = List.of(List.of("dev"), List.of("staging"),
      List.of("prod-eu", "prod-us"));
  static final String C = "1111111111111111111111111111111111111111";
  static final String OTHER = "2222222222222222222222222222222222222222";

  @Test
  void passedEveryEarlierEnvironmentMeansNothingIsMissing() {
    List<DeploymentSummary> h = List.of(summary("d-1", "1.0.0", C, State.COMPLETED, List.of("dev")),
        summary("d-2", "1.0.0", C, State.COMPLETED, List.of("qa", "staging")));
    assertThat(PromotionGuard.missing(FOUR, List.of("prod"), C, h)).isEmpty();
    assertThat(PromotionGuard.missing(FOUR, List.of("staging"), C, h)).isEmpty();
  }

  @Test
  void aSkippedEnvironmentIsMissingInPathOrder() {
    List<DeploymentSummary> h = List.of(summary("d-1", "1.0.0", C, State.COMPLETED, List.of("dev")));
    assertThat(PromotionGuard.missing(FOUR, List.of("prod"), C, h)).containsExactly("qa", "staging");
    assertThat(PromotionGuard.missing(FOUR, List.of("qa"), C, h)).isEmpty();
  }

  @Test
  void aRolledBackDeploymentOrAnotherCommitDoesNotCount() {
    List<DeploymentSummary> h = List.of(summary("d-1", "1.0.0", C, State.ROLLED_BACK, List.of("dev", "qa")),
        summary("d-2", "1.0.1", OTHER, State.COMPLETED, List.of("dev", "qa")),
        summary("d-3", "1.0.0", C, State.FAILED, List.of("dev")));
    assertThat(PromotionGuard.missing(FOUR, List.of("staging"), C, h)).containsExactly("qa");
  }

  @Test
  void theFirstStepAndEnvironmentsOffThePathHaveNothingBefore() {
    assertThat(PromotionGuard.missing(FOUR, List.of("dev"), C, List.of())).isEmpty();
    assertThat(PromotionGuard.missing(FOUR, List.of("sandbox"), C, List.of())).isEmpty();
  }

  @Test
  void aParallelGroupNeedsEveryEarlierStepAndOneRegionNeedsTheSame() {
    List<DeploymentSummary> h = List.of(summary("d-1", "2.0.0", C, State.COMPLETED, List.of("dev")));
    assertThat(PromotionGuard.missing(REGIONS, List.of("prod-eu", "prod-us"), C, h)).containsExactly("staging");
    assertThat(PromotionGuard.missing(REGIONS, List.of("prod-us"), C, h)).containsExactly("staging");
  }

  @Test
  void theNextStepFollowsThePath() {
    assertThat(PromotionGuard.next(REGIONS, "staging")).contains(List.of("prod-eu", "prod-us"));
    assertThat(PromotionGuard.next(FOUR, "dev")).contains(List.of("qa"));
    assertThat(PromotionGuard.next(REGIONS, "prod-eu")).isEqualTo(Optional.empty());
    assertThat(PromotionGuard.next(FOUR, "sandbox")).isEmpty();
  }
}
