package dev.deploypipeline.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;

/**
 * How a new release replaces the running one: {@code recreate}, {@code rolling} ({@code batchSize},
 * {@code maxUnavailable}), {@code blue-green} ({@code keepOldFor}: how long the old colour stays warm, so rollback
 * is a switch) or {@code canary} ({@code steps}). {@code analysis} judges every verification.
 */
public record StrategySpec(
    @NotNull(message = "is required: \"recreate\", \"rolling\", \"blue-green\" or \"canary\"")
        @Pattern(regexp = "recreate|rolling|blue-green|canary",
            message = "must be 'recreate', 'rolling', 'blue-green' or 'canary'") String type,
    @Min(value = 1, message = "must be at least 1") Integer batchSize,
    @Min(value = 0, message = "must be 0 or more") Integer maxUnavailable,
    @Pattern(regexp = DurationText.PATTERN, message = "must be a duration such as \"5m\"") String keepOldFor,
    List<@NotNull(message = "must be a step such as {\"weight\": 10, \"pause\": \"30s\"}") @Valid StepSpec> steps,
    @Valid AnalysisSpec analysis) {

  public static final StrategySpec RECREATE = new StrategySpec("recreate", null, null, null, null, null);

  public int batch() {
    return batchSize == null ? 1 : batchSize;
  }

  public int unavailable() {
    return maxUnavailable == null ? 0 : maxUnavailable;
  }

  public Duration keepOld() {
    return DurationText.parse(keepOldFor, Duration.ofMinutes(5));
  }

  public List<StepSpec> stepList() {
    return steps == null || steps.isEmpty()
        ? List.of(new StepSpec(10, null, true), new StepSpec(25, null, true), new StepSpec(50, null, true),
            new StepSpec(100, null, true))
        : steps;
  }

  public AnalysisSpec analysisOrDefault() {
    return analysis == null ? AnalysisSpec.DEFAULT : analysis;
  }
}
