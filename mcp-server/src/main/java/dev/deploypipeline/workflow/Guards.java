package dev.deploypipeline.workflow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which guards protect which event; like the table, this is data. The schedule guard (windows and freezes) sits on
 * the two events that make software reach an environment without a further human step: START (the pipeline then
 * deploys dev and staging on its own) and APPROVED (prod follows at once). REJECTED and ROLLBACK are never held
 * by a schedule: refusing or restoring is always safe, and a rollback is what a freeze must not prevent.
 */
public final class Guards {
  /** A guard's name (recorded in the audit trail as the rule that refused) and its reason. */
  public record Violation(String rule, String reason) {}

  private record Named(String rule, Guard guard) {}

  private final Map<Event, List<Named>> byEvent = new HashMap<>();

  public static Guards standard() {
    return new Guards()
        .on(Event.START, "concurrency", Guards::noOtherActiveDeployment)
        .on(Event.START, "schedule", Guards::scheduleOpen)
        .on(Event.APPROVED, "approvers", Guards::approverAllowed)
        .on(Event.REJECTED, "approvers", Guards::approverAllowed)
        .on(Event.APPROVED, "preventSelfApproval", Guards::notSelfApproval)
        .on(Event.APPROVED, "schedule", Guards::scheduleOpen);
  }

  public Guards on(Event event, Guard guard) {
    return on(event, "guard", guard);
  }

  public Guards on(Event event, String rule, Guard guard) {
    byEvent.computeIfAbsent(event, e -> new ArrayList<>()).add(new Named(rule, guard));
    return this;
  }

  /** The first violation among the event's guards, if any. */
  public Optional<String> check(GuardContext ctx) {
    return violation(ctx).map(Violation::reason);
  }

  /** The first violation with the rule that found it. */
  public Optional<Violation> violation(GuardContext ctx) {
    for (Named g : byEvent.getOrDefault(ctx.event(), List.of())) {
      Optional<String> v = g.guard().check(ctx);
      if (v.isPresent()) return Optional.of(new Violation(g.rule(), v.get()));
    }
    return Optional.empty();
  }

  static Optional<String> scheduleOpen(GuardContext c) {
    if (c.now() == null) return Optional.empty();
    for (Schedule s : c.schedules()) {
      Optional<String> closed = s.closedAt(c.now());
      if (closed.isPresent()) return closed;
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
        + String.join(", ", c.approvers().stream().sorted().toList()));
  }

  static Optional<String> notSelfApproval(GuardContext c) {
    if (!c.preventSelfApproval() || c.startedBy() == null || !c.startedBy().equals(c.actor())) return Optional.empty();
    return Optional.of("'" + c.actor() + "' started " + c.deploymentId()
        + " and this environment forbids self-approval; ask another approver to run deploy approve "
        + c.deploymentId());
  }
}
