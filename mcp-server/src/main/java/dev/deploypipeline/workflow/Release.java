package dev.deploypipeline.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * An environment this deployment reached, with the release it replaced there, so that rollback knows what to
 * bring back without guessing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Release(String environment, Instant deployedAt, String previousDeploymentId, String previousVersion,
    String previousCommit) {}
