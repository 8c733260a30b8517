package dev.deploypipeline.notify;

import dev.deploypipeline.workflow.Deployment;
import java.time.Instant;
import java.util.Objects;

/**
 * One message about one deployment, the same for every channel; each channel renders it within its own limits.
 *
 * @param environment the environment concerned (dev, staging, prod), or null when none is
 * @param stage the stage concerned (for {@link NotificationKind#STAGE_FAILED}), or null
 * @param detail free text such as a failure log; may be long, channels truncate it
 * @param detailsUrl where to see the deployment, or null
 * @param executionUrl the Harness execution, or null
 * @param approveCommand the exact terminal command that approves, set for approval requests only
 * @param at when it happened; durations are measured to this instant
 */
public record DeploymentNotification(NotificationKind kind, Deployment deployment, String environment, String stage,
    String detail, String detailsUrl, String executionUrl, String approveCommand, Instant at) {

  public DeploymentNotification {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(deployment, "deployment");
    Objects.requireNonNull(at, "at");
  }

  public DeploymentNotification withDetail(String newDetail) {
    return new DeploymentNotification(kind, deployment, environment, stage, newDetail, detailsUrl, executionUrl,
        approveCommand, at);
  }

  /** The command a human runs to approve; the CLI's {@code deploy approve} takes the deployment id. */
  public static String approveCommandFor(String deploymentId) {
    return "deployment-pipeline deploy approve " + deploymentId;
  }
}
