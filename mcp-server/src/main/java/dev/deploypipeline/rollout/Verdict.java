package dev.deploypipeline.rollout;

import java.util.Collection;

/**
 * Argo Rollouts' verdict algebra, in order from best to worst so that the worst wins. Inconclusive (too few
 * requests, no latency figure) pauses for a human and is never a pass; Cancelled (the analysis was interrupted) is
 * its own verdict and never a pass either; Error (the measurement itself failed) and Failed abort.
 */
public enum Verdict {
  SUCCESSFUL("successful"),
  INCONCLUSIVE("inconclusive"),
  CANCELLED("cancelled"),
  ERROR("error"),
  FAILED("failed");

  private final String id;

  Verdict(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public Verdict worse(Verdict other) {
    return other.ordinal() > ordinal() ? other : this;
  }

  /** The worst of {@code all}; Successful for none (callers never judge an empty analysis: see {@link Analysis}). */
  public static Verdict worst(Collection<Verdict> all) {
    Verdict w = SUCCESSFUL;
    for (Verdict v : all) w = w.worse(v);
    return w;
  }

  /** Whether the rollout must abort on this verdict. */
  public boolean aborts() {
    return this == FAILED || this == ERROR || this == CANCELLED;
  }

  @Override
  public String toString() {
    return id;
  }
}
