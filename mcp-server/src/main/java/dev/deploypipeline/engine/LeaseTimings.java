package dev.deploypipeline.engine;

import dev.deploypipeline.config.DurationText;
import java.time.Duration;
import java.util.Map;

/**
 * How a driver's lease is kept and judged: how often it is renewed, how old a heartbeat from another host may get
 * before its driver counts as dead, and the name this instance records as its host. Several instances sharing one
 * store (team mode) take over each other's deployments by these; the defaults suit a server, and shorter ones let
 * a takeover happen in seconds (tests, demos). A running server looks for expired leases every half expiry.
 */
public record LeaseTimings(Duration heartbeat, Duration expiry, String host) {
  public static final String HEARTBEAT_ENV = "DEPLOY_PIPELINE_LEASE_HEARTBEAT";
  public static final String EXPIRY_ENV = "DEPLOY_PIPELINE_LEASE_EXPIRY";
  public static final String HOST_ENV = "DEPLOY_PIPELINE_HOST";
  /** Renewed every 5 s, dead after 60 s (12 missed beats), the machine's host name. */
  public static final LeaseTimings DEFAULT = new LeaseTimings(Duration.ofSeconds(5), Duration.ofSeconds(60), null);
  private static final String HOST_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,62}";

  public LeaseTimings {
    if (heartbeat.compareTo(Duration.ofMillis(100)) < 0) {
      throw new IllegalArgumentException(HEARTBEAT_ENV + ": " + heartbeat.toMillis() + "ms is too short to renew "
          + "a lease in; use 100ms or more (default 5s)");
    }
    // A live driver must get at least three beats into every expiry window, or a slow store write would hand
    // its deployment to a second driver while it still runs.
    if (expiry.compareTo(heartbeat.multipliedBy(3)) < 0) {
      throw new IllegalArgumentException(EXPIRY_ENV + ": " + expiry.toMillis() + "ms is less than three heartbeats ("
          + HEARTBEAT_ENV + " is " + heartbeat.toMillis() + "ms); a live driver would lose its lease. Use at least "
          + heartbeat.multipliedBy(3).toMillis() + "ms");
    }
    if (host != null && !host.matches(HOST_PATTERN)) {
      throw new IllegalArgumentException(HOST_ENV + ": '" + host + "' is not a host name (letters, digits, . _ -, "
          + "at most 63); give each instance sharing a store its own, or leave it unset for the machine's name");
    }
  }

  /** The timings the environment sets, each variable optional; throws naming the variable that is wrong. */
  public static LeaseTimings from(Map<String, String> env) {
    String host = env.get(HOST_ENV);
    return new LeaseTimings(duration(env, HEARTBEAT_ENV, DEFAULT.heartbeat()), duration(env, EXPIRY_ENV,
        DEFAULT.expiry()), host == null || host.isBlank() ? null : host.strip());
  }

  /**
   * This process's timings from its environment, read once: for the places that judge a lease without a runner at
   * hand (a status view's "stalled"). An invalid setting falls back to the defaults here, since building the runner
   * has already refused it loudly.
   */
  public static LeaseTimings ofProcess() {
    return Process.TIMINGS;
  }

  /** How often a running server looks for deployments whose driver is gone. */
  public Duration recoveryPeriod() {
    return expiry.dividedBy(2);
  }

  /** The host name recorded in this instance's leases. */
  public String hostName() {
    return host != null ? host : LeaseKeeper.localHost();
  }

  private static Duration duration(Map<String, String> env, String name, Duration absent) {
    String v = env.get(name);
    if (v == null || v.isBlank()) return absent;
    try {
      return DurationText.parse(v.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage() + "; unset it for the default ("
          + absent.toSeconds() + "s)");
    }
  }

  private static final class Process {
    static final LeaseTimings TIMINGS = read();

    private static LeaseTimings read() {
      try {
        return from(System.getenv());
      } catch (IllegalArgumentException e) {
        return DEFAULT;
      }
    }
  }
}
