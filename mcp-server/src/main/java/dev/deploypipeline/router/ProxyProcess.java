package dev.deploypipeline.router;

import dev.deploypipeline.workflow.Sleeper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A private proxy process (caddy, haproxy) that the pipeline started: in its own session so it outlives our
 * server, output to a log file, stopped by pid (checked with its start time, so a reused pid is left alone).
 */
public final class ProxyProcess {
  private static final Duration POLL = Duration.ofMillis(25);
  private final long pid;
  private final Instant started;
  private final Path log;

  public ProxyProcess(long pid, Instant started, Path log) {
    this.pid = pid;
    this.started = started;
    this.log = log;
  }

  /** Whether the proxy answers yet; exceptions count as "not yet". */
  @FunctionalInterface
  public interface Probe {
    boolean ready() throws Exception;
  }

  /** Starts {@code command} in {@code dir} with the given environment and waits until {@code probe} passes. */
  public static ProxyProcess start(List<String> command, Path dir, Map<String, String> env, Path log, Probe probe,
      Duration timeout, Sleeper sleeper) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("setsid"));
    argv.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().putAll(env);
    Process p = pb.start();
    ProxyProcess proxy = new ProxyProcess(p.pid(), p.info().startInstant().orElse(null), log);
    for (long waited = 0; waited <= timeout.toMillis(); waited += POLL.toMillis()) {
      if (!p.isAlive()) {
        throw new IOException(command.get(0) + " exited with " + p.exitValue() + " before it was ready: " + tail(log));
      }
      try {
        if (probe.ready()) return proxy;
      } catch (InterruptedException e) {
        proxy.stop(Duration.ZERO);
        throw e;
      } catch (Exception notYet) {
        // connection refused while it starts
      }
      sleeper.sleep(POLL);
    }
    proxy.stop(Duration.ZERO);
    throw new IOException(command.get(0) + " was not ready after " + timeout.toMillis() + " ms: " + tail(log));
  }

  public long pid() {
    return pid;
  }

  public Instant startInstant() {
    return started;
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .flatMap(h -> h.info().startInstant()).map(s -> s.equals(started)).orElse(false);
  }

  /** SIGTERM, then SIGKILL after {@code grace}; idempotent. */
  public void stop(Duration grace) throws InterruptedException {
    if (!isAlive()) return;
    ProcessHandle h = ProcessHandle.of(pid).orElse(null);
    if (h == null) return;
    h.destroy();
    if (awaitExit(h, grace)) return;
    h.destroyForcibly();
    awaitExit(h, Duration.ofSeconds(5));
  }

  private static boolean awaitExit(ProcessHandle h, Duration d) throws InterruptedException {
    try {
      h.onExit().get(Math.max(1, d.toMillis()), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  static String tail(Path log) {
    try {
      String s = Files.readString(log);
      return s.length() > 2000 ? "..." + s.substring(s.length() - 2000) : s;
    } catch (IOException e) {
      return "(no log at " + log + ")";
    }
  }
}
