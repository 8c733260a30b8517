package dev.deploypipeline.deploy;

import dev.deploypipeline.config.EnvironmentSpec;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.config.RouterSpec;
import dev.deploypipeline.harness.HarnessClient;
import dev.deploypipeline.harness.HarnessConfig;
import dev.deploypipeline.harness.HarnessException;
import dev.deploypipeline.hostcheck.HostProbes;
import dev.deploypipeline.router.HaproxyRuntime;
import dev.deploypipeline.workflow.Retrier;
import dev.deploypipeline.workflow.RetryPolicy;
import dev.deploypipeline.workflow.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether an environment can be reached before anything is deployed to it: its {@code url} answers (advisory: an
 * environment never deployed does not), and what deploys it answers (blocking: a deploy would fail without it) —
 * the router's admin API (Caddy's {@code /config/}, HAProxy's runtime API {@code show info}), the Docker daemon of a
 * Compose target ({@code /_ping}, at {@code DOCKER_HOST}), or the Harness project of the harness executor. Every
 * probe is one attempt, bounded in time.
 */
final class Connectivity {
  static final Duration TIMEOUT = Duration.ofSeconds(3);
  /** One attempt: a check reports what it sees now; the deploy itself retries by the project's policy. */
  private static final RetryPolicy ONCE = new RetryPolicy(1, 0, 1.0, RetryPolicy.DEFAULT.retryableStates(), 0);

  private final Map<String, String> env;
  private final HostProbes probes;
  private final Clock clock;

  Connectivity(Map<String, String> env, HostProbes probes, Clock clock) {
    this.env = env;
    this.probes = probes;
    this.clock = clock;
  }

  /** The checks for {@code environment}: its url (when it has one), then its target; none when not configured. */
  List<Preflight.Check> checks(PipelineConfig config, String environment) {
    List<Preflight.Check> out = new ArrayList<>();
    EnvironmentSpec spec = config.environment(environment);
    if (spec == null) return out;
    if (spec.url() != null) out.add(url(spec.url()));
    if (spec.router() != null) out.add(router(spec.router()));
    if (spec.composeTarget()) out.add(docker());
    if ("harness".equals(config.executorName()) && config.harness() != null) out.add(harness(config.harness()));
    return out;
  }

  Preflight.Check url(String url) {
    if (url == null) return new Preflight.Check("url", true, "no url configured", false);
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
      HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      boolean ok = r.statusCode() < 500;
      return new Preflight.Check("url", ok, url + " answers HTTP " + r.statusCode() + (ok ? ""
          : " (a server error; advisory)"), false);
    } catch (IOException | IllegalArgumentException e) {
      return new Preflight.Check("url", false, url + " does not answer (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); advisory: an environment not deployed yet "
          + "does not answer", false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Preflight.Check("url", false, "interrupted", false);
    }
  }

  Preflight.Check router(RouterSpec router) {
    if (!router.attached()) {
      return probes.tools().find(router.type())
          .map(p -> new Preflight.Check("router", true, "a private " + router.type() + " is started by each deploy ("
              + p + ")", true))
          .orElseGet(() -> new Preflight.Check("router", false, router.type() + " is not on PATH; each deploy starts "
              + "a private one: install it (apt-get install " + router.type() + ") or set router.admin to a running "
              + "one", true));
    }
    try {
      if ("caddy".equals(router.type())) {
        probes.caddy().config(router.admin());
        return new Preflight.Check("router", true, "caddy admin API at " + router.admin() + " answers", true);
      }
      int port = Integer.parseInt(router.admin().substring(router.admin().lastIndexOf(':') + 1));
      String info = new HaproxyRuntime(port).command("show info");
      String version = info.lines().filter(l -> l.startsWith("Version:")).findFirst().map(String::strip).orElse(null);
      if (version == null) {
        return new Preflight.Check("router", false, "haproxy runtime API at " + router.admin() + " answered "
            + "without a Version line: is it haproxy's stats socket (level admin)?", true);
      }
      return new Preflight.Check("router", true, "haproxy runtime API at " + router.admin() + " answers ("
          + version + ")", true);
    } catch (IOException | RuntimeException e) {
      return new Preflight.Check("router", false, e.getMessage() + "; start " + router.type() + " with its admin "
          + "at " + router.admin() + ", or remove router.admin to let each deploy start a private one", true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Preflight.Check("router", false, "interrupted", true);
    }
  }

  Preflight.Check docker() {
    HostProbes.DockerStatus s = probes.docker().ping(env);
    if (s.reachable()) {
      return new Preflight.Check("docker", true, "Docker daemon at " + s.endpoint() + " answers"
          + (s.version() == null ? "" : " (version " + s.version() + ")"), true);
    }
    return new Preflight.Check("docker", false, "Docker daemon at " + s.endpoint() + " is not reachable: " + s.error()
        + "; start dockerd, or set DOCKER_HOST to the daemon's socket", true);
  }

  Preflight.Check harness(HarnessConfig cfg) {
    String where = "project '" + cfg.projectId() + "' (org '" + cfg.orgId() + "') at " + cfg.baseUrlOrDefault();
    try (HarnessClient client = new HarnessClient(cfg, env.get(cfg.apiKeyEnvOrDefault()), TIMEOUT,
        new Retrier(ONCE, Sleeper.REAL), Retrier.Listener.NONE, clock)) {
      String name = client.projectName();
      return new Preflight.Check("harness", true, "Harness " + where + " answers" + (name == null ? ""
          : " (" + name + ")"), true);
    } catch (HarnessException e) {
      return new Preflight.Check("harness", false, e.getMessage(), true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Preflight.Check("harness", false, "interrupted", true);
    }
  }
}
