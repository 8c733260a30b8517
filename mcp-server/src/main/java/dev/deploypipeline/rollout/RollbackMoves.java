package dev.deploypipeline.rollout;

import dev.deploypipeline.engine.ProgressiveStage.RollbackOutcome;
import dev.deploypipeline.engine.Transitions;
import dev.deploypipeline.workflow.Rollout;
import dev.deploypipeline.workflow.Rollout.Member;
import dev.deploypipeline.workflow.RolloutPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rolling an environment back after a rollout. Blue-green with its old colour still warm is one router switch;
 * anything else starts the wanted version's instances, moves all traffic to them and stops the rest. A rollout
 * still in progress is aborted instead. The time from decision to confirmed split is recorded.
 */
final class RollbackMoves {
  private final Steps steps;
  private final Transitions tx;

  RollbackMoves(Steps steps, Transitions tx) {
    this.steps = steps;
    this.tx = tx;
  }

  RollbackOutcome rollback(Rollout r, String toVersion, String actor) throws InterruptedException {
    Instant t0 = tx.clock().instant();
    if (!r.phase().isTerminal()) {
      RolloutRunner.abort(steps, "rolled back by " + actor + " while " + r.phase(), null);
      return record("abort", r.stableVersion(), Duration.between(t0, tx.clock().instant()).toMillis(), actor);
    }
    if (r.phase() == RolloutPhase.ABORTED) return new RollbackOutcome("none", r.stableVersion(), 0);
    List<Member> warm = steps.live("stable").stream()
        .filter(m -> steps.setup().target().isAlive(steps.toInstance(m))).toList();
    boolean inWindow = r.warmUntil() == null || t0.isBefore(r.warmUntil());
    try {
      if ("blue-green".equals(r.strategy()) && !warm.isEmpty() && inWindow
          && (toVersion == null || toVersion.equals(r.stableVersion()))) {
        // The switch's own time: from asking the proxy to its read-back showing the warm colour with all traffic.
        long ms = steps.routeAllTo(warm, "rollback: switch back to " + warm.get(0).slot());
        RollbackOutcome o = record("switch", r.stableVersion(), ms, actor);
        steps.stop(steps.live("new"), "rolled back by switch");
        return o;
      }
      String version = toVersion != null ? toVersion : r.stableVersion();
      if (version == null) {
        throw new IllegalStateException("there is no earlier version to roll " + steps.ledger().environment()
            + " back to; name one with toVersion");
      }
      Steps redeploy = new Steps(steps.ledger(), steps.setup().forVersion(version));
      List<Member> before = new ArrayList<>(steps.live("new"));
      before.addAll(steps.live("stable"));
      before.addAll(steps.live("rollback"));
      List<Member> started = redeploy.start("rollback", steps.setup().targetSpec().instanceCount(), "rollback");
      if (steps.setup().router() != null) redeploy.routeAllTo(started, "rollback: all traffic to " + version);
      RollbackOutcome o = record("redeploy", version,
          Duration.between(t0, tx.clock().instant()).toMillis(), actor);
      steps.stop(before, "rolled back to " + version);
      return o;
    } catch (Steps.Abort e) {
      throw new IllegalStateException("rollback of " + steps.ledger().environment() + " failed: " + e.getMessage());
    }
  }

  private RollbackOutcome record(String kind, String version, long ms, String actor) {
    steps.ledger().save(x -> x.withRollback(new Rollout.Rollback(kind, version, ms, tx.clock().instant(), actor)),
        "ROLLED_BACK", Map.of("kind", kind, "toVersion", String.valueOf(version), "rollbackMs", ms));
    return new RollbackOutcome(kind, version, ms);
  }
}
