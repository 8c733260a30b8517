package dev.deploypipeline.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;

/**
 * How a release is judged: {@code count} measurements {@code interval} apart. Error rate and p95 come from the
 * router's per-upstream counters over each interval; fewer than {@code minRequests} responses make a measurement
 * inconclusive, never a pass. {@code maxErrorRateVsStable} bounds the new release's error rate as a multiple of
 * the stable one's. {@code smoke} is a command run once per analysis (exit 0 passes).
 */
public record AnalysisSpec(
    @Pattern(regexp = DurationText.PATTERN, message = "must be a duration such as \"2s\"") String interval,
    @Min(value = 1, message = "must be at least 1") @Max(value = 100, message = "must be at most 100") Integer count,
    @Min(value = 0, message = "must be 0 or more") Integer minRequests,
    @DecimalMin(value = "0.0", message = "must be from 0 to 1") @DecimalMax(value = "1.0", message = "must be from 0 to 1")
        Double maxErrorRate,
    @Min(value = 1, message = "must be at least 1 ms") Integer maxP95Ms,
    @DecimalMin(value = "1.0", message = "must be at least 1.0 (a multiple of the stable error rate)")
        Double maxErrorRateVsStable,
    String smoke) {

  public static final AnalysisSpec DEFAULT = new AnalysisSpec(null, null, null, null, null, null, null);

  public Duration intervalOrDefault() {
    return DurationText.parse(interval, Duration.ofSeconds(2));
  }

  public int countOrDefault() {
    return count == null ? 5 : count;
  }

  public int minRequestsOrDefault() {
    return minRequests == null ? 20 : minRequests;
  }

  public double maxErrorRateOrDefault() {
    return maxErrorRate == null ? 0.05 : maxErrorRate;
  }
}
