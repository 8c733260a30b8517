package dev.deploypipeline.flags;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * A flag a deployment turns on once {@code environment}'s release is promoted: in {@code steps} (rollout percents,
 * e.g. 10, 50, 100), each followed by the environment's own analysis; a failing verdict turns the flag off.
 * {@code steps: [100]} simply turns it on, still watched by one analysis.
 */
public record RampSpec(
    @NotBlank(message = "is required: the flag's name in Unleash")
        @Pattern(regexp = "[A-Za-z0-9_.~-]{1,100}", message = "must be a flag name (letters, digits, '_', '.', "
            + "'~' or '-')") String flag,
    @Pattern(regexp = "[a-z][a-z0-9-]{0,31}", message = "must be one of our environments, e.g. \"prod\"")
        String environment,
    @NotEmpty(message = "is required: rollout percents in increasing order, e.g. [10, 50, 100]")
        List<@NotNull(message = "must be a percent") @Min(value = 1, message = "must be from 1 to 100")
            @Max(value = 100, message = "must be from 1 to 100") Integer> steps) {

  public static final String DEFAULT_ENVIRONMENT = "prod";

  public String environmentOrDefault() {
    return environment == null || environment.isBlank() ? DEFAULT_ENVIRONMENT : environment;
  }
}
