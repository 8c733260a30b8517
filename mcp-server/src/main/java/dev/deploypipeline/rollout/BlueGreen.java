package dev.deploypipeline.rollout;

import dev.deploypipeline.workflow.Rollout.Member;
import dev.deploypipeline.workflow.RolloutEvent;
import java.util.List;
import java.util.Map;

/**
 * Start the idle colour, verify it before it gets traffic (pre-promotion), switch all traffic to it in one router
 * change, verify again under real traffic (post-promotion), and keep the old colour running for
 * {@code keepOldFor} so that rolling back is only a switch.
 */
final class BlueGreen implements Strategy {
  @Override
  public void run(Steps s, From from) throws Steps.Abort, Steps.Park, InterruptedException {
    if (!from.resumed()) {
      s.start(idle(s.stable()), s.setup().targetSpec().instanceCount());
      s.analyse("pre-promotion", false);
      s.ledger().save(r -> r.atStep(1), "SWITCHING", Map.of());
    }
    if (!(from.resumed() && from.step() == 1)) {
      long ms = s.routeAllTo(s.fresh(), "switch to " + idle(s.stable()));
      s.ledger().save(r -> r, "SWITCHED", Map.of("switchMs", ms));
      s.analyse("post-promotion", true);
    }
    s.ledger().save(r -> r.withWarmUntil(s.setup().clock().instant().plus(s.setup().strategy().keepOld())), "WARM",
        Map.of("keepOldFor", s.setup().strategy().keepOld().toString()));
    s.fire(RolloutEvent.COMPLETE, Map.of());
  }

  /** The colour that is not serving: green when stable is blue, else blue. */
  static String idle(List<Member> stable) {
    return stable.stream().anyMatch(m -> m.slot().startsWith("blue")) ? "green" : "blue";
  }
}
