package dev.deploypipeline.config;

import dev.deploypipeline.flags.FlagsConfig;
import dev.deploypipeline.harness.HarnessConfig;
import dev.deploypipeline.jira.JiraConfig;
import dev.deploypipeline.helm.HelmConfig;
import dev.deploypipeline.hosting.HostingConfig;
import dev.deploypipeline.notify.NotificationsConfig;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code .claude/deployment-config.json} (or {@code .yaml}) after {@code ${VAR}} interpolation. Stage keys are
 * {@code validate}, {@code build} and {@code test}; environment keys {@code dev}, {@code staging} and
 * {@code prod}. Loaded and validated by {@link ConfigLoader}.
 */
public record PipelineConfig(
    @Pattern(regexp = "[a-z0-9][a-z0-9._-]{0,62}", message = "must be lowercase letters, digits, '.', '_' or '-' (at most 63)")
        String service,
    @Pattern(regexp = "local|harness|helm", message = "must be 'local', 'harness' or 'helm'") String executor,
    Map<String, @Valid StageSpec> stages,
    Map<String, @Valid EnvironmentSpec> environments,
    @Valid RetrySpec retry,
    @Valid HarnessConfig harness,
    @Valid NotificationsConfig notifications,
    List<@Pattern(regexp = "[A-Za-z_][A-Za-z0-9_]*", message = "must be an environment variable name") String> secrets,
    List<@Pattern(regexp = "[A-Za-z0-9_*?]+", message = "must be a variable name or a glob such as \"HELLO_*\"")
        String> passEnv,
    @Valid JiraConfig jira,
    @Valid FlagsConfig flags,
    @Valid HelmConfig helm,
    @Valid HostingConfig hosting,
    // The promotion path: each element an environment name or a list of names deployed in parallel.
    List<Object> path,
    @Valid ReleaseSpec release) {

  /** Without the release section. */
  public PipelineConfig(String service, String executor, Map<String, StageSpec> stages,
      Map<String, EnvironmentSpec> environments, RetrySpec retry, HarnessConfig harness,
      NotificationsConfig notifications, List<String> secrets, List<String> passEnv, JiraConfig jira,
      FlagsConfig flags, HelmConfig helm, HostingConfig hosting, List<Object> path) {
    this(service, executor, stages, environments, retry, harness, notifications, secrets, passEnv, jira, flags, helm,
        hosting, path, null);
  }

  /** Without a promotion path (dev, staging, prod). */
  public PipelineConfig(String service, String executor, Map<String, StageSpec> stages,
      Map<String, EnvironmentSpec> environments, RetrySpec retry, HarnessConfig harness,
      NotificationsConfig notifications, List<String> secrets, List<String> passEnv, JiraConfig jira,
      FlagsConfig flags, HelmConfig helm, HostingConfig hosting) {
    this(service, executor, stages, environments, retry, harness, notifications, secrets, passEnv, jira, flags, helm,
        hosting, null);
  }

  /** Without the hosting section. */
  public PipelineConfig(String service, String executor, Map<String, StageSpec> stages,
      Map<String, EnvironmentSpec> environments, RetrySpec retry, HarnessConfig harness,
      NotificationsConfig notifications, List<String> secrets, List<String> passEnv, JiraConfig jira,
      FlagsConfig flags, HelmConfig helm) {
    this(service, executor, stages, environments, retry, harness, notifications, secrets, passEnv, jira, flags, helm,
        null);
  }

  /** Without the Jira, flags and Helm sections. */
  public PipelineConfig(String service, String executor, Map<String, StageSpec> stages,
      Map<String, EnvironmentSpec> environments, RetrySpec retry, HarnessConfig harness,
      NotificationsConfig notifications, List<String> secrets, List<String> passEnv) {
    this(service, executor, stages, environments, retry, harness, notifications, secrets, passEnv, null, null, null);
  }

  /** Without declared secrets or passEnv patterns. */
  public PipelineConfig(String service, String executor, Map<String, StageSpec> stages,
      Map<String, EnvironmentSpec> environments, RetrySpec retry, HarnessConfig harness,
      NotificationsConfig notifications) {
    this(service, executor, stages, environments, retry, harness, notifications, null, null, null, null, null);
  }

  /** Names of variables declared secret for every stage: masked everywhere and passed to every stage process. */
  public List<String> secretList() {
    return secrets == null ? List.of() : secrets;
  }

  /** Glob patterns of variables passed to every stage process. */
  public List<String> passEnvList() {
    return passEnv == null ? List.of() : passEnv;
  }

  public static final List<String> STAGE_KEYS = List.of("validate", "build", "test");
  public static final List<String> ENVIRONMENTS = List.of("dev", "staging", "prod");

  /**
   * The promotion path as steps: each a list of one environment, or of a parallel group. Without a {@code path},
   * the seed's dev, staging, prod. Call after {@link ConfigLoader} has checked the path's shape.
   */
  public List<List<String>> promotionPath() {
    if (path == null) return ENVIRONMENTS.stream().map(List::of).toList();
    List<List<String>> steps = new ArrayList<>();
    for (Object o : path) {
      if (o instanceof List<?> group) steps.add(group.stream().map(String::valueOf).toList());
      else steps.add(List.of(String.valueOf(o)));
    }
    return List.copyOf(steps);
  }

  /** Every environment: those on the path in path order, then any other configured one, by name. */
  public List<String> environmentNames() {
    Set<String> names = new LinkedHashSet<>();
    promotionPath().forEach(names::addAll);
    if (environments != null) new TreeSet<>(environments.keySet()).forEach(names::add);
    return List.copyOf(names);
  }

  public String executorName() {
    return executor == null ? "local" : executor;
  }

  public StageSpec stage(String key) {
    return stages == null ? null : stages.get(key);
  }

  public EnvironmentSpec environment(String env) {
    return environments == null ? null : environments.get(env);
  }

  public ReleaseSpec releaseOrDefault() {
    return release == null ? new ReleaseSpec(null) : release;
  }

  public RetrySpec retryOrDefault() {
    return retry == null ? new RetrySpec(null, null, null, null) : retry;
  }
}
