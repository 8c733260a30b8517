package dev.deploypipeline.router;

/**
 * The config of a private HAProxy for one environment. HAProxy only routes to servers its config declares, so
 * the backend has {@code slots} placeholder servers (disabled, on port 1) that the router points at upstreams at
 * run time. The runtime API is a TCP stats socket on 127.0.0.1 at admin level; the log goes to stdout (HAProxy
 * runs in the foreground, {@code -db}) in a fixed format that {@link HaproxyLogLine} parses for latency.
 */
public final class HaproxyConfig {
  /** Marks our log lines among HAProxy's own messages. */
  static final String LOG_TAG = "pipeline-access";

  private HaproxyConfig() {}

  public static String build(int listenPort, int statsPort, String backend, int slots) {
    if (!backend.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException(
          "haproxy backend name '" + backend + "' must be letters, digits, '_', '.' or '-'");
    }
    if (slots < 2 || slots > 64) throw new IllegalArgumentException("haproxy slots " + slots + " must be 2-64");
    return """
        global
          stats socket ipv4@127.0.0.1:%2$d level admin
          log stdout format raw local0
        defaults
          mode http
          log global
          timeout connect 2s
          timeout client 30s
          timeout server 30s
        frontend pipeline
          bind 127.0.0.1:%1$d
          log-format "%4$s %%si:%%sp %%ST %%Ta"
          default_backend %3$s
        backend %3$s
          balance roundrobin
          server-template s 1-%5$d 127.0.0.1:1 disabled
        """.formatted(listenPort, statsPort, backend, LOG_TAG, slots);
  }
}
