package dev.deploypipeline.notify;

import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Event;
import dev.deploypipeline.workflow.Failure;
import dev.deploypipeline.workflow.StageRun;
import dev.deploypipeline.workflow.State;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * Which engine events people hear about. A stage failure is told once its retries are spent (each retry would be
 * noise); the deployment's end is told separately as {@code failed}. The environment of approval and the final
 * states is prod, the gated environment of the seed's pipeline.
 */
public final class NotificationMapper {
  private final UnaryOperator<String> detailsUrl;
  private final Clock clock;
  private final BiFunction<Deployment, String, String> changes;

  /** {@code detailsUrl} maps a deployment id to its page, or to null when there is none. */
  public NotificationMapper(UnaryOperator<String> detailsUrl, Clock clock) {
    this(detailsUrl, clock, (d, env) -> null);
  }

  /**
   * {@code changes} gives an approval request its detail: what the deployment changes in the gated environment
   * (the deploy diff's summary), or null; it must not throw.
   */
  public NotificationMapper(UnaryOperator<String> detailsUrl, Clock clock,
      BiFunction<Deployment, String, String> changes) {
    this.detailsUrl = detailsUrl;
    this.clock = clock;
    this.changes = changes;
  }

  public Optional<DeploymentNotification> onTransition(Deployment after, State from, Event event, String actor) {
    State to = after.state();
    NotificationKind kind;
    if (from.equals(State.PENDING) && (to.equals(State.VALIDATING) || !after.routeOrDefault().build())) {
      kind = NotificationKind.STARTED;
    } else if (to.isGate()) kind = NotificationKind.AWAITING_APPROVAL;
    else if (event.equals(Event.APPROVED)) kind = NotificationKind.APPROVED;
    else if (to.equals(State.FAILED)) kind = event.equals(Event.REJECTED) ? NotificationKind.REJECTED : NotificationKind.FAILED;
    else if (to.equals(State.COMPLETED)) kind = NotificationKind.COMPLETED;
    else if (to.equals(State.ROLLED_BACK)) kind = NotificationKind.ROLLED_BACK;
    else kind = null;
    if (kind == null) return Optional.empty();
    String env = switch (kind) {
      // The gate's decisions concern the gated step; completion the step the route ends in (prod by default).
      case AWAITING_APPROVAL, APPROVED, REJECTED -> after.routeOrDefault().gatedStep()
          .orElse(after.routeOrDefault().lastStep()).name().replace("+", ", ");
      case COMPLETED -> after.routeOrDefault().lastStep().name().replace("+", ", ");
      default -> after.state().environment().or(from::environment).orElse(null);
    };
    String detail = switch (kind) {
      case FAILED -> after.error();
      case REJECTED, APPROVED -> after.approval() == null ? null : after.approval().comment();
      case ROLLED_BACK -> after.rollbackReason();
      case AWAITING_APPROVAL -> changes.apply(after, env);
      default -> null;
    };
    String approve = kind == NotificationKind.AWAITING_APPROVAL
        ? DeploymentNotification.approveCommandFor(after.id()) : null;
    return Optional.of(new DeploymentNotification(kind, after, env, null, detail, detailsUrl.apply(after.id()),
        executionUrl(after), approve, clock.instant()));
  }

  public Optional<DeploymentNotification> onAttemptFailed(Deployment d, String stage, int attempt, Failure failure,
      boolean willRetry) {
    if (willRetry) return Optional.empty();
    String env = d.state().environment().orElse(null);
    return Optional.of(new DeploymentNotification(NotificationKind.STAGE_FAILED, d, env, stage,
        failure == null ? null : failure.message(), detailsUrl.apply(d.id()), executionUrl(d), null,
        clock.instant()));
  }

  /**
   * The newest stage's external link: executors record what to find again under {@code external}, and a Harness
   * stage's execution URL is the entry whose key ends in "url".
   */
  static String executionUrl(Deployment d) {
    List<StageRun> stages = d.stages();
    for (int i = stages.size() - 1; i >= 0; i--) {
      for (Map.Entry<String, String> e : stages.get(i).external().entrySet()) {
        String v = e.getValue();
        if (e.getKey().toLowerCase(java.util.Locale.ROOT).endsWith("url") && v != null
            && (v.startsWith("https://") || v.startsWith("http://"))) {
          return v;
        }
      }
    }
    return null;
  }
}
