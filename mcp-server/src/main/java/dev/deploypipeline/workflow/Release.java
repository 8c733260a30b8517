package dev.deploypipeline.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * An environment this deployment started deploying to, with the release it replaced there, so that rollback knows
 * what to bring back without guessing. Recorded before the deploy command runs ({@code deployedAt} null until it
 * succeeded and was healthy), because a half-finished deploy needs rolling back too. {@code rollout} is set when
 * the pipeline deployed the environment itself (a target and a strategy), and is null for older records.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Release(String environment, Instant deployedAt, String previousDeploymentId, String previousVersion,
    String previousCommit, Rollout rollout) {
  /** A release deployed by a command (no rollout). */
  public Release(String environment, Instant deployedAt, String previousDeploymentId, String previousVersion,
      String previousCommit) {
    this(environment, deployedAt, previousDeploymentId, previousVersion, previousCommit, null);
  }

  public Release deployed(Instant at) {
    return new Release(environment, at, previousDeploymentId, previousVersion, previousCommit, rollout);
  }

  /** The same release with its rollout progress (null for a command deploy). */
  public Release withRollout(Rollout r) {
    return new Release(environment, deployedAt, previousDeploymentId, previousVersion, previousCommit, r);
  }
}
