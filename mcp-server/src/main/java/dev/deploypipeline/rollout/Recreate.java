package dev.deploypipeline.rollout;

import dev.deploypipeline.workflow.RolloutEvent;
import java.util.Map;

/**
 * Stop old, start new, verify: downtime between the two, so meant for dev. Also what every strategy does on an
 * environment's first deploy, when there is no stable release to shift traffic from.
 */
final class Recreate implements Strategy {
  @Override
  public void run(Steps s, From from) throws Steps.Abort, Steps.Park, InterruptedException {
    if (!from.resumed()) {
      s.stop(s.stable(), "recreate: old instances go first");
      s.start("r", s.setup().targetSpec().instanceCount());
      s.fire(RolloutEvent.READY, Map.of());
      s.routeAllTo(s.fresh(), "all traffic to the new release");
      s.analyse("post-deploy", true);
    }
    s.fire(RolloutEvent.COMPLETE, Map.of());
  }
}
