package dev.deploypipeline.router;

import java.net.URI;
import java.time.Duration;

/** A proxy the pipeline started for one environment: its process, its router, and where clients connect. */
public final class PrivateProxy<R extends Router> {
  private final ProxyProcess process;
  private final R router;
  private final int listenPort;

  PrivateProxy(ProxyProcess process, R router, int listenPort) {
    this.process = process;
    this.router = router;
    this.listenPort = listenPort;
  }

  public R router() {
    return router;
  }

  /** The process, to record (pid and start time) and stop it after a restart of our server. */
  public ProxyProcess process() {
    return process;
  }

  /** Where clients send traffic: {@code http://127.0.0.1:<listenPort>}. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + listenPort);
  }

  public void stop() throws InterruptedException {
    process.stop(Duration.ofSeconds(5));
  }
}
