package dev.deploypipeline.deploy;

import dev.deploypipeline.engine.LeaseKeeper;
import dev.deploypipeline.workflow.Lease;
import java.time.Clock;

/** Whether a lease's holder is still there: on this host by its pid, elsewhere by a recent heartbeat. */
public final class Leases {
  private Leases() {}

  public static boolean isAlive(Lease lease, Clock clock) {
    return LeaseKeeper.isAlive(lease, clock);
  }
}
