package dev.deploypipeline.deploy;

import dev.deploypipeline.config.ConfigException;
import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.config.EnvironmentSpec;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.config.PolicyChecks;
import dev.deploypipeline.hostcheck.HostProbes;
import dev.deploypipeline.store.DeploymentStore;
import dev.deploypipeline.workflow.DeploymentSummary;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The pre-deploy checklist: config, required variables (by name only), health URL, concurrency, schedule, git ref.
 * Blocking checks stop {@code deploy_start}; the health URL is advisory because an environment that was never
 * deployed (or is down, which is why one deploys) legitimately does not answer.
 */
public final class Preflight {
  public record Check(String check, boolean ok, String detail, boolean blocking) {}

  public record Report(String service, String environment, String ref, List<Check> checks) {
    public boolean passed() {
      return checks.stream().allMatch(c -> c.ok() || !c.blocking());
    }

    public List<Check> failures() {
      return checks.stream().filter(c -> !c.ok() && c.blocking()).toList();
    }

    public Map<String, Object> view() {
      return Map.of("service", service, "environment", environment == null ? "pipeline" : environment, "ref", ref,
          "ok", passed(), "checks", checks.stream().map(c -> Map.<String, Object>of("check", c.check(), "ok", c.ok(),
              "detail", c.detail(), "blocking", c.blocking())).toList());
    }
  }

  static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

  private final Path projectDir;
  private final Map<String, String> env;
  private final DeploymentStore store;
  private final Clock clock;

  Preflight(Path projectDir, Map<String, String> env, DeploymentStore store, Clock clock) {
    this.projectDir = projectDir;
    this.env = env;
    this.store = store;
    this.clock = clock;
  }

  /**
   * {@code environment} null means "the pipeline as deploy_start runs it": the dev and staging schedules are
   * checked (they deploy without a further human step) and no health URL is probed.
   */
  Report run(String service, String environment, String ref) {
    List<Check> checks = new ArrayList<>();
    PipelineConfig config = null;
    try {
      config = new ConfigLoader(env).load(projectDir);
      boolean sameService = config.service() == null || config.service().equals(service);
      checks.add(new Check("config", sameService, sameService ? "valid: " + ConfigLoader.locate(projectDir)
          .map(p -> projectDir.relativize(p).toString()).orElse("?") : "the config deploys '" + config.service()
          + "', not '" + service + "'; use service '" + config.service() + "'", true));
    } catch (ConfigException e) {
      checks.add(new Check("config", false, e.getMessage(), true));
    }
    checks.add(secrets(config));
    checks.add(health(config, environment));
    checks.add(concurrency(service));
    checks.add(schedule(config, environment));
    checks.add(git(ref));
    // The environment's own reachability: its url and what deploys it (docs/environments.md, Managing environments).
    if (config != null && environment != null) {
      checks.addAll(new Connectivity(env, HostProbes.real(), clock).checks(config, environment));
    }
    return new Report(service, environment, ref, checks);
  }

  private Check secrets(PipelineConfig config) {
    List<String> names = RequiredVariables.of(projectDir, config);
    List<String> missing = names.stream().filter(n -> env.get(n) == null || env.get(n).isBlank()).toList();
    String optional = optionalVariables();
    if (names.isEmpty()) {
      return new Check("secrets", true, optional.isEmpty() ? "the config references no environment variables"
          : "none required; " + optional, true);
    }
    String tail = optional.isEmpty() ? "" : "; " + optional;
    if (missing.isEmpty()) return new Check("secrets", true, "set: " + String.join(", ", names) + tail, true);
    return new Check("secrets", false, "not set: " + String.join(", ", missing) + " (export "
        + missing.stream().map(n -> n + "=...").collect(Collectors.joining(" ")) + " before starting)" + tail, true);
  }

  /** {@code optional: PORT (set), REGION (not set: default eu)}: a set value is never shown, it may be a secret. */
  private String optionalVariables() {
    var optional = RequiredVariables.optional(projectDir);
    if (optional.isEmpty()) return "";
    return "optional: " + optional.entrySet().stream().map(e -> e.getKey() + (env.get(e.getKey()) == null
        || env.get(e.getKey()).isEmpty() ? " (not set: default " + (e.getValue().isEmpty() ? "empty" : e.getValue())
        + ")" : " (set)")).collect(Collectors.joining(", "));
  }

  private Check health(PipelineConfig config, String environment) {
    if (environment == null) return new Check("health", true, "not probed for a pipeline start", false);
    EnvironmentSpec e = config == null ? null : config.environment(environment);
    if (config == null) return new Check("health", false, "not checked: the config is invalid", false);
    if (e == null || e.healthCheck() == null) {
      return new Check("health", true, "no healthCheck configured for " + environment, false);
    }
    String url = e.healthCheck().url();
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(HEALTH_TIMEOUT).build();
      URI uri = URI.create(dev.deploypipeline.secrets.EnvRefs.expand(url, env::get));
      HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).timeout(HEALTH_TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      boolean ok = r.statusCode() / 100 == 2;
      return new Check("health", ok, "HTTP " + r.statusCode() + " from " + url
          + (ok ? "" : " (advisory: the deploy's own health check decides)"), false);
    } catch (IOException | IllegalArgumentException e2) {
      return new Check("health", false, url + " is not reachable (" + e2.getClass().getSimpleName()
          + "); advisory only: an environment not yet deployed does not answer", false);
    } catch (InterruptedException e2) {
      Thread.currentThread().interrupt();
      return new Check("health", false, "interrupted", false);
    }
  }

  private Check concurrency(String service) {
    List<DeploymentSummary> active = store.active().stream().filter(s -> s.service().equals(service)).toList();
    if (active.isEmpty()) return new Check("concurrency", true, "no active deployment of " + service, true);
    return new Check("concurrency", false, service + " already has an active deployment " + active.stream()
        .map(s -> s.id() + " (" + s.state().id() + ")").collect(Collectors.joining(", "))
        + "; finish, reject or roll it back first", true);
  }

  private Check schedule(PipelineConfig config, String environment) {
    if (config == null) return new Check("window", false, "not checked: the config is invalid", true);
    List<String> envs = environment == null ? List.of("dev", "staging") : List.of(environment);
    for (String e : envs) {
      Optional<String> closed = PolicyChecks.schedule(e, config.environment(e)).closedAt(clock.instant());
      if (closed.isPresent()) return new Check("window", false, closed.get(), true);
    }
    return new Check("window", true, String.join(" and ", envs) + " open at " + clock.instant(), true);
  }

  private Check git(String ref) {
    if (!Git.isRepository(projectDir)) {
      return new Check("git", false, projectDir + " is not a git repository", true);
    }
    String commit = Git.resolveCommit(projectDir, ref);
    return commit == null
        ? new Check("git", false, (ref.matches("[0-9a-f]{7,40}") ? "commit '" : "branch '") + ref + "' does not "
            + "exist in the local git repository; check `git branch -a` / `git log`, or fetch it", true)
        : new Check("git", true, ref + " is " + commit.substring(0, Math.min(12, commit.length())), true);
  }
}
