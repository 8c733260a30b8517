package dev.deploypipeline.workflow;

import static dev.deploypipeline.workflow.RolloutEvent.*;
import static dev.deploypipeline.workflow.RolloutPhase.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rollout sub-machine as data, like {@link TransitionTable}: one row per legal (phase, event) pair, plus the
 * guards that may still refuse a legal row. ABORT is legal from every non-terminal phase (a failed check, a human,
 * a lost owner), and ABORTED only after the proxy confirmed that stable has all the traffic.
 */
public final class RolloutTable {
  /** One row. */
  public record Row(RolloutPhase from, RolloutEvent event, RolloutPhase to) {}

  /** What a guard may look at: the rollout and who asks. */
  public record Context(Rollout rollout, RolloutEvent event, String actor, boolean stableConfirmed) {}

  private static final List<Row> ROWS;
  private static final EnumTable<RolloutPhase, RolloutEvent> INDEX =
      new EnumTable<>(RolloutPhase.class, RolloutEvent.class);

  static {
    List<Row> rows = new ArrayList<>(List.of(
        new Row(STARTING, READY, PROMOTING),
        new Row(STARTING, VERIFY, VERIFYING),
        new Row(PROMOTING, VERIFY, VERIFYING),
        new Row(PROMOTING, PAUSE, PAUSED),
        new Row(PROMOTING, COMPLETE, PROMOTED),
        new Row(VERIFYING, PASSED, PROMOTING),
        new Row(VERIFYING, INCONCLUSIVE, PAUSED),
        new Row(PAUSED, RESUME, PROMOTING),
        new Row(ABORTING, RolloutEvent.ABORTED, RolloutPhase.ABORTED)));
    for (RolloutPhase p : RolloutPhase.values()) {
      if (!p.isTerminal() && p != ABORTING) rows.add(new Row(p, ABORT, ABORTING));
    }
    ROWS = Collections.unmodifiableList(rows);
    for (Row r : ROWS) INDEX.put(r.from(), r.event(), r.to());
  }

  private RolloutTable() {}

  public static List<Row> rows() {
    return ROWS;
  }

  public static boolean isLegal(RolloutPhase from, RolloutEvent event) {
    return INDEX.isLegal(from, event);
  }

  public static Set<RolloutEvent> legalEvents(RolloutPhase from) {
    return INDEX.legalEvents(from);
  }

  public static RolloutPhase next(RolloutPhase from, RolloutEvent event) {
    RolloutPhase to = INDEX.to(from, event);
    if (to == null) {
      throw new IllegalStateException("rollout event " + event + " is not allowed in phase " + from
          + "; allowed: " + legalEvents(from));
    }
    return to;
  }

  /**
   * Why the guards refuse a legal event, or empty. PASSED and COMPLETE need Successful verdicts (an inconclusive or
   * cancelled analysis is never a pass, and an inconclusive one promotes only once a human accepted it); a RESUME of a rollout waiting for approval needs a named human; ABORTED
   * needs the proxy's own read-back to show stable with all traffic, so traffic is never left split without owner.
   */
  public static Optional<String> guard(Context c) {
    Rollout r = c.rollout();
    return switch (c.event()) {
      case PASSED -> lastVerdict(r).filter(v -> !"successful".equals(v))
          .or(() -> r.verdicts().isEmpty() ? Optional.of("none") : Optional.empty())
          .map(v -> "the last analysis is " + v + ", not successful");
      case COMPLETE -> r.verdicts().stream().filter(v -> !"successful".equals(v.verdict())
              && !("inconclusive".equals(v.verdict()) && v.approvedBy() != null)).findFirst()
          .map(v -> "analysis " + v.at() + " was " + v.verdict() + "; only successful analyses (or inconclusive "
              + "ones a human approved) promote");
      case RESUME -> "approval".equals(r.waitingFor()) && (c.actor() == null || c.actor().isBlank())
          ? Optional.of("this step waits for an approval; run deploy approve") : Optional.empty();
      case ABORTED -> c.stableConfirmed() ? Optional.empty()
          : Optional.of("the proxy does not yet show all traffic on stable; the new instances are kept until it does");
      default -> Optional.empty();
    };
  }

  private static Optional<String> lastVerdict(Rollout r) {
    return r.verdicts().isEmpty() ? Optional.empty()
        : Optional.of(r.verdicts().get(r.verdicts().size() - 1).verdict());
  }
}
