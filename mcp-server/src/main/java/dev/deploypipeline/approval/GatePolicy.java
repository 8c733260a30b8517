package dev.deploypipeline.approval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The approval rules of one environment: whether a human must approve, who may ({@code approvers}, empty = any
 * verified human), and whether the starter may approve their own deployment. Combining two sources keeps the
 * stricter of each rule, so no source can weaken another.
 */
public record GatePolicy(boolean requiresApproval, List<String> approvers, boolean preventSelfApproval) {
  public static final GatePolicy OPEN = new GatePolicy(false, List.of(), false);

  public GatePolicy {
    approvers = approvers == null ? List.of() : List.copyOf(approvers);
  }

  /**
   * The stricter of both: approval required if either requires it, self-approval forbidden if either forbids it,
   * and approvers restricted to those both lists allow (a list is stricter than none; two lists intersect, which
   * may leave nobody: then nobody can approve until the sources agree).
   */
  public GatePolicy stricter(GatePolicy other) {
    if (other == null) return this;
    List<String> who;
    if (approvers.isEmpty()) who = other.approvers;
    else if (other.approvers.isEmpty()) who = approvers;
    else who = approvers.stream().filter(other.approvers::contains).toList();
    return new GatePolicy(requiresApproval || other.requiresApproval, who,
        preventSelfApproval || other.preventSelfApproval);
  }

  /** How this policy is weaker than {@code applied}, in words naming the config key (empty if it is not). */
  public List<String> weakeningsAgainst(GatePolicy applied, String environment) {
    List<String> out = new ArrayList<>();
    String at = "environments." + environment + ".";
    if (!requiresApproval && applied.requiresApproval) out.add(at + "requiresApproval is false here but true in force");
    if (!preventSelfApproval && applied.preventSelfApproval) {
      out.add(at + "preventSelfApproval is false here but true in force");
    }
    Set<String> extra = new LinkedHashSet<>(approvers);
    extra.removeAll(applied.approvers);
    if (!applied.approvers.isEmpty() && (approvers.isEmpty() || !extra.isEmpty())) {
      out.add(at + "approvers " + (approvers.isEmpty() ? "is empty here" : "adds " + String.join(", ", extra))
          + "; in force: " + String.join(", ", applied.approvers));
    }
    return out;
  }
}
