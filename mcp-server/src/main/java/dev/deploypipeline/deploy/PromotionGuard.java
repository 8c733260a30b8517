package dev.deploypipeline.deploy;

import dev.deploypipeline.workflow.DeploymentSummary;
import dev.deploypipeline.workflow.State;
import java.util.ArrayList;
import java.util.List;

/**
 * The promotion rule (audited as rule {@value #RULE}): a version reaches a step of the path only after it was
 * released, and not rolled back, in every environment of every step before it. A version is judged by its commit,
 * because the same commit may have travelled under a branch deployment's short sha and later under a tag.
 * Environments that are not on the path have nothing before them.
 */
public final class PromotionGuard {
  public static final String RULE = "promotion";

  private PromotionGuard() {}

  /**
   * The environments before {@code target}'s step on {@code path} in which {@code commit} has not passed, in path
   * order; empty when the promotion may go ahead. {@code history} is the service's deployments (any order).
   */
  public static List<String> missing(List<List<String>> path, List<String> target, String commit,
      List<DeploymentSummary> history) {
    int step = stepOf(path, target);
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < step; i++) {
      for (String env : path.get(i)) {
        if (!passed(env, commit, history)) missing.add(env);
      }
    }
    return missing;
  }

  /** Whether a deployment of {@code commit} released it in {@code env} and was not rolled back. */
  static boolean passed(String env, String commit, List<DeploymentSummary> history) {
    return history.stream().anyMatch(s -> commit.equals(s.commit()) && s.state() != State.ROLLED_BACK
        && s.environments() != null && s.environments().contains(env));
  }

  /** The index of the first step holding one of {@code target}; 0 when none does (nothing comes before it). */
  static int stepOf(List<List<String>> path, List<String> target) {
    for (int i = 0; i < path.size(); i++) {
      if (path.get(i).stream().anyMatch(target::contains)) return i;
    }
    return 0;
  }

  /** The step after the one holding {@code from}, or empty when {@code from} is the last (or off the path). */
  public static java.util.Optional<List<String>> next(List<List<String>> path, String from) {
    for (int i = 0; i < path.size(); i++) {
      if (path.get(i).contains(from)) {
        return i + 1 < path.size() ? java.util.Optional.of(path.get(i + 1)) : java.util.Optional.empty();
      }
    }
    return java.util.Optional.empty();
  }
}
