package dev.deploypipeline.engine;

import dev.deploypipeline.store.AuditRecord;
import dev.deploypipeline.store.DeploymentStore;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Event;
import dev.deploypipeline.workflow.IllegalTransitionException;
import dev.deploypipeline.workflow.PipelineListener;
import dev.deploypipeline.workflow.State;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only way a deployment changes state: inside one store transaction it re-reads the deployment, checks the
 * table, applies the change, saves and appends the audit line; then it tells the listeners. Also the place for
 * non-state updates (stage records) so that every write goes through the same lock.
 */
public final class Transitions {
  private static final Logger log = LoggerFactory.getLogger(Transitions.class);

  private final DeploymentStore store;
  private final Clock clock;
  private final List<PipelineListener> listeners;

  public Transitions(DeploymentStore store, Clock clock, List<PipelineListener> listeners) {
    this.store = store;
    this.clock = clock;
    this.listeners = List.copyOf(listeners);
  }

  public DeploymentStore store() {
    return store;
  }

  public Clock clock() {
    return clock;
  }

  public List<PipelineListener> listeners() {
    return listeners;
  }

  /**
   * Fires {@code event}, which must be legal from the stored state; {@code change} adds whatever goes with it
   * (approval, error, release). Throws {@link IllegalTransitionException} if another process moved it first.
   */
  public Deployment fire(String id, Event event, String actor, UnaryOperator<Deployment> change,
      Map<String, Object> details) {
    return fire(id, UnaryOperator.identity(), null, event, actor, change, details);
  }

  /**
   * Same, with a change that is not a transition ({@code before}, e.g. a stage's last attempt) and its audit line
   * saved in the same transaction: one durable write instead of two, and no moment where one is stored without the
   * other.
   */
  public Deployment fire(String id, UnaryOperator<Deployment> before, AuditRecord beforeAudit, Event event,
      String actor, UnaryOperator<Deployment> change, Map<String, Object> details) {
    State[] from = new State[1];
    Deployment saved = store.write(w -> {
      Deployment cur = w.get(id).orElseThrow(() -> new NoSuchElementException("deployment " + id + " not found"));
      from[0] = cur.state();
      Deployment next = change.apply(before.apply(cur).apply(event, clock.instant()));
      Deployment s = w.save(next);
      if (beforeAudit != null) w.audit(beforeAudit);
      w.audit(new AuditRecord(clock.instant(), id, actor, event.name(), from[0].id(), s.state().id(), null, details));
      return s;
    });
    for (PipelineListener l : listeners) {
      try {
        l.transitioned(saved, from[0], event, actor);
      } catch (RuntimeException e) {
        log.warn("listener {} failed on {} {}: {}", l.getClass().getSimpleName(), id, event, e.toString());
      }
    }
    return saved;
  }

  /** Checks legality without changing anything (for early, friendly errors). */
  public static void requireLegal(Deployment d, Event event) {
    if (!d.table().allows(d.state(), event)) {
      throw new IllegalTransitionException(d.state(), event, d.table().eventsFrom(d.state()));
    }
  }

  /** A change that is not a state transition (stage progress, lease), optionally audited. */
  public Deployment update(String id, UnaryOperator<Deployment> change, AuditRecord audit) {
    return store.write(w -> {
      Deployment cur = w.get(id).orElseThrow(() -> new NoSuchElementException("deployment " + id + " not found"));
      Deployment s = w.save(change.apply(cur));
      if (audit != null) w.audit(audit);
      return s;
    });
  }

  public void audit(AuditRecord r) {
    store.write(w -> w.audit(r));
  }

  /** Tells every listener, isolating the engine from a listener that throws. */
  public void each(java.util.function.Consumer<PipelineListener> call) {
    for (PipelineListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        log.warn("listener {} failed: {}", l.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
