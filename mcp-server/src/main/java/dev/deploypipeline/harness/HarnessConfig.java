package dev.deploypipeline.harness;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code harness} config section. The API key is never part of it: only the name of the environment variable
 * that holds it ({@code apiKeyEnv}, default {@code HARNESS_API_KEY}).
 *
 * @param accountId optional when the key is a {@code pat.<account>.…} or {@code sat.<account>.…} token
 * @param pipelines stage id ({@code building}, {@code deploying-prod}, {@code rollback-prod}) to pipeline identifier
 * @param variables runtime-input pipeline variables; values may use {@code {{SERVICE}}}-style placeholders naming
 *     deployment context keys. When absent the standard set is sent (see {@link RuntimeInputs}).
 */
public record HarnessConfig(
    @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be your Harness account identifier (Account Overview "
        + "page), or leave it out when HARNESS_API_KEY is a pat./sat. token") String accountId,
    @NotBlank(message = "is required: set it to the Harness organization identifier, e.g. \"default\"")
        @Pattern(regexp = "[A-Za-z0-9_-]{1,128}", message = "must be an identifier (letters, digits, '_' or '-'), "
            + "not the display name") String orgId,
    @NotBlank(message = "is required: set it to the Harness project identifier that holds the pipelines")
        @Pattern(regexp = "[A-Za-z0-9_-]{1,128}", message = "must be an identifier (letters, digits, '_' or '-'), "
            + "not the display name") String projectId,
    @Pattern(regexp = "https?://[^\\s/]+(:[0-9]+)?(/[^\\s]*)?", message = "must be an http(s) URL such as "
        + "https://app.harness.io (or your vanity host https://<company>.harness.io)") String baseUrl,
    Map<String, @NotBlank(message = "must be a pipeline identifier") String> pipelines,
    @Pattern(regexp = "[A-Z_][A-Z0-9_]*", message = "must be the NAME of an environment variable (e.g. "
        + "HARNESS_API_KEY), never the key itself") String apiKeyEnv,
    Map<String, String> variables,
    @Min(value = 1, message = "must be at least 1 second") @Max(value = 300, message = "must be at most 300")
        Integer pollInitialSeconds,
    @DecimalMin(value = "1.0", message = "must be at least 1.0") @DecimalMax(value = "5.0", message = "must be at most 5")
        Double pollMultiplier,
    @Min(value = 1, message = "must be at least 1 second") @Max(value = 600, message = "must be at most 600")
        Integer pollMaxSeconds,
    @Min(value = 1, message = "must be at least 1 second") @Max(value = 300, message = "must be at most 300")
        Integer requestTimeoutSeconds) {

  public static final String DEFAULT_BASE_URL = "https://app.harness.io";
  public static final String DEFAULT_API_KEY_ENV = "HARNESS_API_KEY";

  public HarnessConfig {
    pipelines = pipelines == null ? Map.of() : Map.copyOf(pipelines);
    variables = variables == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
  }

  /** The minimal config: account from the token, everything else defaulted. */
  /** The same settings in another organization or project (a tool call's {@code org}/{@code project}). */
  public HarnessConfig inScope(String org, String project) {
    return new HarnessConfig(accountId, org == null ? orgId : org, project == null ? projectId : project, baseUrl,
        pipelines, apiKeyEnv, variables, pollInitialSeconds, pollMultiplier, pollMaxSeconds, requestTimeoutSeconds);
  }

  public static HarnessConfig of(String orgId, String projectId, String baseUrl) {
    return new HarnessConfig(null, orgId, projectId, baseUrl, null, null, null, null, null, null, null);
  }

  public String baseUrlOrDefault() {
    String b = baseUrl == null || baseUrl.isBlank() ? DEFAULT_BASE_URL : baseUrl;
    return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
  }

  public String apiKeyEnvOrDefault() {
    return apiKeyEnv == null || apiKeyEnv.isBlank() ? DEFAULT_API_KEY_ENV : apiKeyEnv;
  }

  public Duration pollInitial() {
    return Duration.ofSeconds(pollInitialSeconds == null ? 3 : pollInitialSeconds);
  }

  public double pollBackoff() {
    return pollMultiplier == null ? 1.5 : pollMultiplier;
  }

  public Duration pollMax() {
    return Duration.ofSeconds(pollMaxSeconds == null ? 30 : pollMaxSeconds);
  }

  public Duration requestTimeout() {
    return Duration.ofSeconds(requestTimeoutSeconds == null ? 30 : requestTimeoutSeconds);
  }

  /**
   * The account: configured, or segment 2 of a {@code pat.<account>.<token>.<secret>} / {@code sat.…} key, which
   * is how Harness's own MCP server derives it.
   */
  public String resolveAccountId(String apiKey) {
    if (accountId != null && !accountId.isBlank()) return accountId;
    if (apiKey != null) {
      String[] parts = apiKey.split("\\.");
      if (parts.length >= 4 && (parts[0].equals("pat") || parts[0].equals("sat")) && !parts[1].isBlank()) {
        return parts[1];
      }
    }
    throw new HarnessException("harness.accountId: is required because " + apiKeyEnvOrDefault()
        + " is not a pat.<account>.… or sat.<account>.… token; set harness.accountId to your account identifier",
        dev.deploypipeline.workflow.Failure.Kind.PERMANENT, 0, null, null);
  }

  /**
   * The pipeline that runs {@code stage}: the stage's own {@code pipeline} ({@code stagePipeline}, may be null),
   * else {@code pipelines[stage]}, else the
   * convention ({@code build-and-push}, {@code run-tests}, {@code deploy-<env>}, {@code rollback-<env>}).
   * {@code validating} has no convention.
   */
  public Optional<String> pipelineFor(String stage, String stagePipeline) {
    if (stagePipeline != null && !stagePipeline.isBlank()) return Optional.of(stagePipeline);
    String configured = pipelines.get(stage);
    if (configured != null) return Optional.of(configured);
    return defaultPipeline(stage);
  }

  public static Optional<String> defaultPipeline(String stage) {
    if (stage == null) return Optional.empty();
    if (stage.equals("building")) return Optional.of("build-and-push");
    if (stage.equals("testing")) return Optional.of("run-tests");
    if (stage.startsWith("deploying-")) return Optional.of("deploy-" + stage.substring("deploying-".length()));
    if (stage.startsWith("rollback-")) return Optional.of(stage);
    return Optional.empty();
  }
}
