package dev.deploypipeline.deploy;

import dev.deploypipeline.config.ConfigException;
import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.config.EnvironmentSpec;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.config.StageSpec;
import dev.deploypipeline.deploy.Preflight.Check;
import dev.deploypipeline.secrets.EnvRefs;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Whether this machine can run the project's pipeline (for {@code doctor}): the Java version, the config, the
 * tools the stages need (bash, git, the program or project script each command starts with) and the loopback ports
 * of the health URLs (free, or answering). It only reads, binds a port for an instant and probes loopback URLs.
 */
public final class Readiness {
  static final int MIN_JAVA = 17;
  private static final Set<String> HOSTS = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

  private final Path projectDir;
  private final Map<String, String> env;

  public Readiness(Path projectDir, Map<String, String> env) {
    this.projectDir = projectDir;
    this.env = Map.copyOf(env);
  }

  public List<Check> checks() {
    List<Check> checks = new ArrayList<>();
    Runtime.Version v = Runtime.version();
    checks.add(new Check("java", v.feature() >= MIN_JAVA, "Java " + v + " at " + System.getProperty("java.home")
        + (v.feature() >= MIN_JAVA ? "" : "; needs " + MIN_JAVA + " or later"), true));
    PipelineConfig config = null;
    try {
      config = new ConfigLoader(env).load(projectDir);
      checks.add(new Check("config", true, "valid: " + ConfigLoader.locate(projectDir)
          .map(p -> projectDir.relativize(p).toString()).orElse("?"), true));
    } catch (ConfigException e) {
      checks.add(new Check("config", false, e.getMessage(), true));
    }
    checks.add(tool("git", "resolves the branch to deploy"));
    if (config == null) return checks;
    Map<String, StageSpec> local = localStages(config);
    if (!local.isEmpty()) checks.add(tool("bash", "runs the stage commands"));
    local.forEach((where, spec) -> checks.add(StageCommands.check(where, spec.command(), projectDir, path())));
    for (String e : config.environmentNames()) {
      EnvironmentSpec spec = config.environment(e);
      if (spec != null && spec.healthCheck() != null) checks.add(port(e, spec.healthCheck().url(), env::get));
    }
    return checks;
  }

  /** The stages the local executor runs, by config path; skipped ones and Harness ones need nothing here. */
  private static Map<String, StageSpec> localStages(PipelineConfig config) {
    Map<String, StageSpec> out = new LinkedHashMap<>();
    for (String k : PipelineConfig.STAGE_KEYS) out.put("stages." + k, config.stage(k));
    for (String e : config.environmentNames()) {
      EnvironmentSpec spec = config.environment(e);
      if (spec == null) continue;
      out.put("environments." + e + ".deploy", spec.deploy());
      out.put("environments." + e + ".rollback", spec.rollback());
    }
    out.values().removeIf(s -> s == null || s.isSkipped() || s.command() == null
        || "harness".equals(s.executor() != null ? s.executor() : config.executorName()));
    return out;
  }

  private List<String> path() {
    String p = env.get("PATH");
    return p == null ? List.of() : List.of(p.split(File.pathSeparator));
  }

  private Check tool(String name, String why) {
    Optional<Path> found = StageCommands.onPath(name, path());
    return new Check("tool", found.isPresent(), name + (found.isPresent() ? ": " + found.get()
        : " is not on PATH; install it (it " + why + ")"), true);
  }

  /** A loopback health URL's port: free (nothing deployed yet) or answering; anything else is worth a look. */
  static Check port(String environment, String url) {
    return port(environment, url, name -> null);
  }

  /**
   * As {@link #port(String, String)} for a URL as written in the config: its {@code ${VAR}} are expanded only to
   * reach the port, and the messages keep the raw text, so no variable's value is printed.
   */
  static Check port(String environment, String url, Function<String, String> env) {
    URI uri;
    try {
      uri = URI.create(EnvRefs.expand(url, env));
    } catch (IllegalArgumentException e) {
      return new Check("port", true, environment + ": " + url + " is not a URL the doctor can read", false);
    }
    String host = uri.getHost();
    if (host == null || !HOSTS.contains(host)) {
      return new Check("port", true, environment + ": " + host + " is not this machine; not checked", false);
    }
    int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    String at = environment + " " + host + ":" + port;
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(host.replace("[", "").replace("]", "")), port));
      return new Check("port", true, at + " is free (nothing is deployed there yet)", false);
    } catch (IOException inUse) {
      // Taken: by the deployed service (it answers its health URL) or by something else.
    }
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Preflight.HEALTH_TIMEOUT).build();
      int status = http.send(HttpRequest.newBuilder(uri).timeout(Preflight.HEALTH_TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
      boolean ok = status / 100 == 2;
      return new Check("port", ok, at + " is in use and " + url + " answers HTTP " + status
          + (ok ? " (the service is up)" : "; is another program holding the port?"), false);
    } catch (IOException e) {
      return new Check("port", false, at + " is in use but " + url + " does not answer ("
          + e.getClass().getSimpleName() + "); another program may hold the port", false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Check("port", false, at + ": interrupted", false);
    }
  }
}
