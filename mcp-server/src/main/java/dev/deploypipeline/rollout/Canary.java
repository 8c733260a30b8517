package dev.deploypipeline.rollout;

import dev.deploypipeline.config.StepSpec;
import dev.deploypipeline.workflow.Rollout.Member;
import dev.deploypipeline.workflow.RolloutEvent;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Start the canary beside stable, then for each step: send it {@code weight} % of traffic, pause, analyse. After
 * the last step (100 %) stable is stopped and the canary is the new stable. Any failed analysis aborts (see
 * {@link RolloutRunner#abort}); an inconclusive one, or an "untilApproved" pause, parks for a human.
 */
final class Canary implements Strategy {
  @Override
  public void run(Steps s, From from) throws Steps.Abort, Steps.Park, InterruptedException {
    List<StepSpec> steps = s.setup().strategy().stepList();
    int first = from.step();
    if (!from.resumed()) {
      s.start("canary", s.setup().targetSpec().instanceCount());
      s.fire(RolloutEvent.READY, Map.of());
    }
    for (int i = first; i < steps.size(); i++) {
      StepSpec step = steps.get(i);
      boolean resumed = i == first && from.resumed();
      if (!resumed) {
        int index = i;
        s.ledger().save(r -> r.atStep(index), "STEP", Map.of("step", i + 1, "weight", step.weight()));
        s.route(split(s.stable(), s.fresh(), step.weight()), "step " + (i + 1) + ": " + step.weight() + " %");
        s.pause(step, i);
      }
      boolean analysed = resumed && from.analysed();
      if (step.analyse() && !analysed) s.analyse("step-" + (i + 1) + "@" + step.weight() + "%", true);
    }
    s.stop(s.stable(), "promoted: the canary is the new stable");
    s.fire(RolloutEvent.COMPLETE, Map.of());
  }

  /**
   * Per-instance weights giving the canary instances together {@code percent} % of requests: each canary gets
   * {@code percent × |stable|}, each stable {@code (100 − percent) × |canary|}, reduced by their gcd so proxies
   * with small weight ranges (HAProxy: 256) get small numbers.
   */
  static Map<String, Integer> split(List<Member> stable, List<Member> canary, int percent) {
    int c = percent * Math.max(1, stable.size());
    int st = (100 - percent) * Math.max(1, canary.size());
    int g = BigInteger.valueOf(c).gcd(BigInteger.valueOf(st)).intValue();
    if (g == 0) g = 1;
    Map<String, Integer> w = new LinkedHashMap<>();
    for (Member m : stable) w.put(m.address(), st / g);
    for (Member m : canary) w.put(m.address(), c / g);
    return w;
  }
}
