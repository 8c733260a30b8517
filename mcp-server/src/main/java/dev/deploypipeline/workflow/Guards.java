package dev.deploypipeline.workflow;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which guards protect which event; like the table, this is data. */
public final class Guards {
  private final Map<Event, List<Guard>> byEvent = new EnumMap<>(Event.class);

  public static Guards standard() {
    return new Guards()
        .on(Event.START, Guards::noOtherActiveDeployment)
        .on(Event.APPROVED, Guards::approverAllowed)
        .on(Event.REJECTED, Guards::approverAllowed)
        .on(Event.APPROVED, Guards::notSelfApproval);
  }

  public Guards on(Event event, Guard guard) {
    byEvent.computeIfAbsent(event, e -> new ArrayList<>()).add(guard);
    return this;
  }

  /** The first violation among the event's guards, if any. */
  public Optional<String> check(GuardContext ctx) {
    for (Guard g : byEvent.getOrDefault(ctx.event(), List.of())) {
      Optional<String> v = g.check(ctx);
      if (v.isPresent()) return v;
    }
    return Optional.empty();
  }

  static Optional<String> noOtherActiveDeployment(GuardContext c) {
    if (c.otherActiveDeployments().isEmpty()) return Optional.empty();
    String other = c.otherActiveDeployments().get(0);
    return Optional.of("service '" + c.service() + "' already has an active deployment " + other
        + "; finish it first (approve, reject or roll back " + other + "), then start again");
  }

  static Optional<String> approverAllowed(GuardContext c) {
    if (c.approvers().isEmpty() || c.approvers().contains(c.actor())) return Optional.empty();
    return Optional.of("'" + c.actor() + "' is not an approver for this environment; approvers: "
        + String.join(", ", c.approvers().stream().sorted().toList()) + " (set DEPLOY_PIPELINE_USER if this is you)");
  }

  static Optional<String> notSelfApproval(GuardContext c) {
    if (!c.preventSelfApproval() || c.startedBy() == null || !c.startedBy().equals(c.actor())) return Optional.empty();
    return Optional.of("'" + c.actor() + "' started " + c.deploymentId()
        + " and this environment forbids self-approval; ask another approver to run deploy approve "
        + c.deploymentId());
  }
}
