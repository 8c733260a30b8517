package dev.deploypipeline.rollout;

import dev.deploypipeline.engine.Transitions;
import dev.deploypipeline.store.AuditRecord;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Release;
import dev.deploypipeline.workflow.Rollout;
import dev.deploypipeline.workflow.RolloutEvent;
import dev.deploypipeline.workflow.RolloutTable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Saves a rollout's progress on its deployment's release, with an audit line, in one store transaction per step:
 * what the next server reads after a crash. Every phase change goes through {@link RolloutTable} and its guards.
 */
final class Ledger {
  /** A guard refused a legal event; the rollout is unchanged. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  private final Transitions tx;
  private final String id;
  private final String env;

  Ledger(Transitions tx, String id, String env) {
    this.tx = tx;
    this.id = id;
    this.env = env;
  }

  String deploymentId() {
    return id;
  }

  String environment() {
    return env;
  }

  Transitions tx() {
    return tx;
  }

  Optional<Rollout> current() {
    return release(tx.store().find(id).orElseThrow()).map(Release::rollout);
  }

  /** A change that is not a phase change (an instance started, a weight confirmed, a verdict). */
  Rollout save(UnaryOperator<Rollout> change, String action, Map<String, Object> details) {
    return write(change, "ROLLOUT_" + action, null, null, "engine", details);
  }

  /** A phase change by the table, refused by its guard with the reason. */
  Rollout fire(RolloutEvent event, String actor, boolean stableConfirmed, UnaryOperator<Rollout> also,
      Map<String, Object> details) {
    Rollout cur = current().orElseThrow();
    Rollout changed = also.apply(cur);
    RolloutTable.guard(new RolloutTable.Context(changed, event, actor, stableConfirmed)).ifPresent(r -> {
      throw new Refused(event + " refused: " + r);
    });
    Rollout next = changed.apply(event, tx.clock().instant());
    return write(x -> next, "ROLLOUT_" + event.name(), cur.phase().id(), next.phase().id(), actor, details);
  }

  private Rollout write(UnaryOperator<Rollout> change, String action, String from, String to, String actor,
      Map<String, Object> details) {
    Rollout[] out = new Rollout[1];
    Map<String, Object> d = withEnv(details);
    Deployment saved = tx.update(id, x -> {
      Release r = release(x).orElseThrow(() -> new IllegalStateException("no release for " + env + " on " + id));
      out[0] = change.apply(r.rollout());
      return x.withRelease(r.withRollout(out[0]), tx.clock().instant());
    }, new AuditRecord(tx.clock().instant(), id, actor, action, from, to, null, d));
    tx.each(l -> l.rolloutProgress(saved, env, action));
    return out[0];
  }

  /** Records a fresh rollout on the release (created if the engine has not yet recorded one). */
  Rollout begin(Rollout r, Release ifMissing, Map<String, Object> details) {
    tx.update(id, x -> x.withRelease(release(x).orElse(ifMissing).withRollout(r), tx.clock().instant()),
        new AuditRecord(tx.clock().instant(), id, "engine", "ROLLOUT_BEGIN", null, r.phase().id(), null,
            withEnv(details)));
    return r;
  }

  private Map<String, Object> withEnv(Map<String, Object> details) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("environment", env);
    d.putAll(details);
    return d;
  }

  private Optional<Release> release(Deployment d) {
    return d.releases().stream().filter(r -> r.environment().equals(env)).findFirst();
  }
}
