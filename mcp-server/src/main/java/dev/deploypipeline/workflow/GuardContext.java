package dev.deploypipeline.workflow;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a guard may look at. Pure data: the service layer gathers it (other active deployments, the environment's
 * approvers, the schedules of the environments the event deploys, the clock's instant) so that guards stay
 * free of I/O.
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
    boolean preventSelfApproval,
    Instant now,
    List<Schedule> schedules) {

  public GuardContext {
    schedules = schedules == null ? List.of() : List.copyOf(schedules);
  }

  /** Without time-based policy (no windows or freezes apply). */
  public GuardContext(String deploymentId, String service, State from, Event event, String actor, String startedBy,
      List<String> otherActiveDeployments, Set<String> approvers, boolean preventSelfApproval) {
    this(deploymentId, service, from, event, actor, startedBy, otherActiveDeployments, approvers, preventSelfApproval,
        null, List.of());
  }
}
