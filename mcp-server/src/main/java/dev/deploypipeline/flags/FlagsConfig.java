package dev.deploypipeline.flags;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code flags} config section: which flag server, and how our environments map onto its environments. The
 * admin token is never part of it, only the name of the variable that holds it ({@code tokenEnv}, default
 * {@code UNLEASH_ADMIN_TOKEN}).
 *
 * @param environments our environment ({@code dev}, {@code staging}, {@code prod}) to the provider's environment;
 *     an environment left out maps to the same name
 * @param ramps flags a deployment turns on or ramps after an environment's release was promoted
 */
public record FlagsConfig(
    @Pattern(regexp = "unleash", message = "must be 'unleash' (the only provider so far)") String provider,
    @NotBlank(message = "is required: the Unleash server's base URL, e.g. https://unleash.example.com")
        @Pattern(regexp = "https?://[^\\s/]+(:[0-9]+)?(/[^\\s]*)?", message = "must be an http(s) URL such as "
            + "https://unleash.example.com (without /api)") String url,
    @Pattern(regexp = "[A-Z_][A-Z0-9_]*", message = "must be the NAME of an environment variable (e.g. "
        + "UNLEASH_ADMIN_TOKEN), never the token itself") String tokenEnv,
    @Pattern(regexp = "[A-Za-z0-9_.-]{1,100}", message = "must be an Unleash project id such as \"default\"")
        String project,
    Map<@Pattern(regexp = "[a-z][a-z0-9-]{0,31}", message = "must be one of our environment names") String,
        @NotBlank(message = "must name an environment of the Unleash server, e.g. \"production\"") String>
        environments,
    List<@NotNull(message = "must be a ramp such as {\"flag\": \"new-checkout\", \"steps\": [10, 50, 100]}")
        @Valid RampSpec> ramps) {

  public static final String DEFAULT_TOKEN_ENV = "UNLEASH_ADMIN_TOKEN";
  public static final String DEFAULT_PROJECT = "default";

  public FlagsConfig {
    environments = environments == null ? Map.of() : Map.copyOf(environments);
    ramps = ramps == null ? List.of() : List.copyOf(ramps);
  }

  public String tokenEnvOrDefault() {
    return tokenEnv == null || tokenEnv.isBlank() ? DEFAULT_TOKEN_ENV : tokenEnv;
  }

  public String projectOrDefault() {
    return project == null || project.isBlank() ? DEFAULT_PROJECT : project;
  }

  public String baseUrl() {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** The provider's environment for our {@code environment}: mapped, else the same name. */
  public String providerEnvironment(String environment) {
    return environments.getOrDefault(environment, environment);
  }

  /** Our environment that maps to the provider's {@code providerEnv}, if one does. */
  public Optional<String> ourEnvironment(String providerEnv) {
    return environments.entrySet().stream().filter(e -> e.getValue().equals(providerEnv)).map(Map.Entry::getKey)
        .sorted().findFirst();
  }

  /** The ramps that run after {@code environment}'s release is promoted. */
  public List<RampSpec> rampsAfter(String environment) {
    return ramps.stream().filter(r -> r.environmentOrDefault().equals(environment)).toList();
  }
}
