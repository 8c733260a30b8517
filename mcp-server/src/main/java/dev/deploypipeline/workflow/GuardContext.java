package dev.deploypipeline.workflow;

import java.util.List;
import java.util.Set;

/**
 * What a guard may look at. Pure data: the service layer gathers it (other active deployments, the environment's
 * approvers) so that guards stay free of I/O.
 */
public record GuardContext(
    String deploymentId,
    String service,
    State from,
    Event event,
    String actor,
    String startedBy,
    List<String> otherActiveDeployments,
    Set<String> approvers,
    boolean preventSelfApproval) {}
