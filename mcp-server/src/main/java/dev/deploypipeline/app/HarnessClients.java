package dev.deploypipeline.app;

import dev.deploypipeline.harness.HarnessClient;
import dev.deploypipeline.harness.HarnessConfig;
import dev.deploypipeline.workflow.Retrier;
import dev.deploypipeline.workflow.RetryPolicy;
import dev.deploypipeline.workflow.Sleeper;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One Harness client, and so one HTTP client (its connection pool and selector thread), per harness config for the
 * life of a server, instead of one per stage or tool call; {@link #close} releases them all at shutdown. A changed
 * config (the harness section is read at every use) gets a client of its own.
 */
public final class HarnessClients implements Function<HarnessConfig, HarnessClient>, AutoCloseable {
  private final Map<String, String> env;
  private final Sleeper sleeper;
  private final Clock clock;
  private final Map<HarnessConfig, HarnessClient> clients = new ConcurrentHashMap<>();

  public HarnessClients(Map<String, String> env, Sleeper sleeper, Clock clock) {
    this.env = env;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  /** The client for {@code config}, made on first use with the project's one retry policy; the key comes from env. */
  @Override
  public HarnessClient apply(HarnessConfig config) {
    return clients.computeIfAbsent(config, c -> HarnessClient.fromEnvironment(c, env,
        new Retrier(RetryPolicy.DEFAULT.forAnyState(), sleeper), Retrier.Listener.NONE, clock));
  }

  @Override
  public void close() {
    clients.values().forEach(HarnessClient::close);
    clients.clear();
  }
}
