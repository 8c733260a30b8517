package dev.deploypipeline.rollout;

import dev.deploypipeline.config.RouterSpec;
import dev.deploypipeline.router.CaddyProcess;
import dev.deploypipeline.router.CaddyRouter;
import dev.deploypipeline.router.HaproxyProcess;
import dev.deploypipeline.router.HaproxyRouter;
import dev.deploypipeline.router.PrivateProxy;
import dev.deploypipeline.router.ProxyProcess;
import dev.deploypipeline.router.Router;
import dev.deploypipeline.router.Upstream;
import dev.deploypipeline.router.UpstreamCounters;
import dev.deploypipeline.targets.Ports;
import dev.deploypipeline.workflow.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * An environment's private proxy, started on the first split (a proxy cannot start without an upstream) and
 * recorded in {@code dir/proxy.properties} (pid, start time, ports) so that the next server re-attaches to it
 * instead of starting a second one: the proxy outlives our server and keeps carrying traffic.
 */
final class EnvironmentProxy implements Router {
  private final String env;
  private final RouterSpec spec;
  private final Path dir;
  private final Sleeper sleeper;
  private Router delegate;

  EnvironmentProxy(String env, RouterSpec spec, Path dir, Sleeper sleeper) {
    this.env = env;
    this.spec = spec;
    this.dir = dir;
    this.sleeper = sleeper;
  }

  @Override
  public String kind() {
    return spec.type();
  }

  @Override
  public synchronized void route(List<Upstream> upstreams) throws IOException, InterruptedException {
    Router r = attached();
    if (r != null) {
      r.route(upstreams);
      return;
    }
    Files.createDirectories(dir);
    int listen = spec.listen() != null ? spec.listen() : Ports.free();
    int admin = Ports.free();
    PrivateProxy<? extends Router> started = "caddy".equals(spec.type())
        ? CaddyProcess.start(Path.of("caddy"), dir, listen, admin, handler(), upstreams, sleeper)
        : HaproxyProcess.start(Path.of("haproxy"), dir, listen, admin, backend(), upstreams, sleeper);
    delegate = started.router();
    ProxyProcess p = started.process();
    Properties props = new Properties();
    props.setProperty("pid", Long.toString(p.pid()));
    props.setProperty("started", String.valueOf(p.startInstant()));
    props.setProperty("listen", Integer.toString(listen));
    props.setProperty("admin", Integer.toString(admin));
    try (var out = Files.newOutputStream(dir.resolve("proxy.properties"))) {
      props.store(out, "private " + spec.type() + " for " + env);
    }
  }

  @Override
  public synchronized List<Upstream> current() throws IOException, InterruptedException {
    Router r = attached();
    return r == null ? List.of() : r.current();
  }

  @Override
  public synchronized Map<String, UpstreamCounters> counters() throws IOException, InterruptedException {
    Router r = attached();
    return r == null ? Map.of() : r.counters();
  }

  /** The running proxy: the one this process started, or one a previous server recorded and that still runs. */
  private Router attached() throws IOException {
    if (delegate != null) return delegate;
    Path file = dir.resolve("proxy.properties");
    if (!Files.exists(file)) return null;
    Properties props = new Properties();
    try (var in = Files.newInputStream(file)) {
      props.load(in);
    }
    ProxyProcess p = new ProxyProcess(Long.parseLong(props.getProperty("pid")),
        "null".equals(props.getProperty("started")) ? null : Instant.parse(props.getProperty("started")),
        dir.resolve(spec.type() + ".log"));
    if (!p.isAlive()) return null;
    int admin = Integer.parseInt(props.getProperty("admin"));
    delegate = "caddy".equals(spec.type())
        ? CaddyRouter.attach(URI.create("http://127.0.0.1:" + admin), handler(), dir.resolve("access.log"))
        : HaproxyRouter.attach(admin, backend());
    return delegate;
  }

  private String handler() {
    return "pipeline-" + env;
  }

  private String backend() {
    return "pipeline_" + env;
  }
}
