package dev.deploypipeline.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.Optional;

/**
 * One canary step: send {@code weight} % of traffic to the new release, wait {@code pause} (a duration, or
 * {@code "untilApproved"} for a human through the approval gate), then analyse unless {@code analysis} is false.
 */
public record StepSpec(
    @NotNull(message = "is required: the canary's share of traffic in percent, 1 to 100")
        @Min(value = 1, message = "must be from 1 to 100") @Max(value = 100, message = "must be from 1 to 100")
        Integer weight,
    @Pattern(regexp = DurationText.PATTERN + "|untilApproved",
        message = "must be a duration such as \"30s\" or \"5m\", or \"untilApproved\"") String pause,
    Boolean analysis) {

  public static final String UNTIL_APPROVED = "untilApproved";

  public boolean untilApproved() {
    return UNTIL_APPROVED.equals(pause);
  }

  /** The timed pause, if any. */
  public Optional<Duration> pauseFor() {
    return pause == null || untilApproved() ? Optional.empty() : Optional.of(DurationText.parse(pause));
  }

  public boolean analyse() {
    return analysis == null || analysis;
  }
}
