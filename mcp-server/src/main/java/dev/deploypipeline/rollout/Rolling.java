package dev.deploypipeline.rollout;

import dev.deploypipeline.workflow.Rollout.Member;
import dev.deploypipeline.workflow.RolloutEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replaces the old instances {@code batchSize} at a time, each new one healthy before it gets traffic. When
 * {@code maxUnavailable} allows a batch to be missing, the old batch leaves first (no extra capacity needed);
 * otherwise the new batch starts first (a surge), so the number serving never drops below
 * {@code instances - maxUnavailable}. One analysis follows the last batch.
 */
final class Rolling implements Strategy {
  @Override
  public void run(Steps s, From from) throws Steps.Abort, Steps.Park, InterruptedException {
    int n = s.setup().targetSpec().instanceCount();
    int batch = s.setup().strategy().batch();
    boolean stopFirst = s.setup().strategy().unavailable() >= batch;
    if (from.resumed()) {
      s.fire(RolloutEvent.COMPLETE, Map.of());
      return;
    }
    s.fire(RolloutEvent.READY, Map.of());
    for (int done = 0; done < n; done += batch) {
      int size = Math.min(batch, n - done);
      int index = done / batch;
      List<Member> old = s.stable().stream().limit(size).toList();
      s.ledger().save(r -> r.atStep(index), "BATCH", Map.of("batch", index + 1, "size", size));
      if (stopFirst) {
        List<Member> rest = without(s.stable(), old);
        if (!rest.isEmpty()) s.routeAllTo(rest, "batch " + (index + 1) + ": old batch out first");
        s.stop(old, "rolling batch");
        s.start("b" + index, size);
        s.routeAllTo(serving(s), "batch " + (index + 1) + ": new batch in");
      } else {
        s.start("b" + index, size);
        s.routeAllTo(serving(s), "batch " + (index + 1) + ": new batch in");
        s.routeAllTo(without(serving(s), old), "batch " + (index + 1) + ": old batch out");
        s.stop(old, "rolling batch");
      }
    }
    s.analyse("post-deploy", true);
    s.fire(RolloutEvent.COMPLETE, Map.of());
  }

  private static List<Member> serving(Steps s) {
    List<Member> all = new ArrayList<>(s.stable());
    all.addAll(s.fresh());
    return all;
  }

  private static List<Member> without(List<Member> all, List<Member> gone) {
    List<Member> rest = new ArrayList<>(all);
    rest.removeAll(gone);
    return rest;
  }
}
