package dev.deploypipeline.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * An environment this deployment started deploying to, with the release it replaced there, so that rollback knows
 * what to bring back without guessing. Recorded before the deploy command runs ({@code deployedAt} null until it
 * succeeded and was healthy), because a half-finished deploy needs rolling back too.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Release(String environment, Instant deployedAt, String previousDeploymentId, String previousVersion,
    String previousCommit) {
  public Release deployed(Instant at) {
    return new Release(environment, at, previousDeploymentId, previousVersion, previousCommit);
  }
}
