package dev.deploypipeline.rollout;

import dev.deploypipeline.workflow.Rollout;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

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

  /** A recorded verdict flattened for an audit line or notification: verdict, failing check, numbers. */
  static Map<String, Object> details(Rollout.Verdict v) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("at", v.at());
    d.put("verdict", v.verdict());
    if (v.failingCheck() != null) d.put("failingCheck", v.failingCheck());
    for (Rollout.Metric m : v.metrics()) {
      d.put(m.name(), m.verdict());
      m.measured().forEach((k, val) -> d.putIfAbsent(m.name() + "." + k, val));
    }
    return d;
  }

  @Override
  public String toString() {
    return id;
  }
}
