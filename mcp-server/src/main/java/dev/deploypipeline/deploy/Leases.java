package dev.deploypipeline.deploy;

import dev.deploypipeline.workflow.Lease;
import java.time.Clock;
import java.time.Duration;

/** Whether a lease's holder is still there: on this host by its pid, elsewhere by a recent heartbeat. */
public final class Leases {
  static final Duration REMOTE_EXPIRY = Duration.ofMinutes(10);

  private Leases() {}

  public static boolean isAlive(Lease lease, Clock clock) {
    if (lease == null) return false;
    if (lease.host().equals(Host.NAME)) {
      return ProcessHandle.of(lease.pid()).map(ProcessHandle::isAlive).orElse(false);
    }
    return lease.heartbeatAt() != null && lease.heartbeatAt().plus(REMOTE_EXPIRY).isAfter(clock.instant());
  }

  /** Looked up once, when a lease is first checked: deploy_status checks one per deployment shown. */
  private static final class Host {
    static final String NAME = localHost();
  }

  static String localHost() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "localhost";
    }
  }
}
