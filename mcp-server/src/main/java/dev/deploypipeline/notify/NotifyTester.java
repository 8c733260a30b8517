package dev.deploypipeline.notify;

import dev.deploypipeline.secrets.Redactor;
import dev.deploypipeline.store.AuditRecord;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Retrier;
import dev.deploypipeline.workflow.RetryPolicy;
import dev.deploypipeline.workflow.Sleeper;
import dev.deploypipeline.workflow.State;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code notify test}: sends one clearly marked test message to one channel, synchronously and with the normal
 * retries, so people can check their setup. Shared by the CLI and the MCP tool.
 */
public final class NotifyTester {
  public static final String TEST_DEPLOYMENT_ID = "notify-test";

  private final Map<String, String> env;
  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final Clock clock;
  private final Consumer<AuditRecord> audit;

  public NotifyTester(Map<String, String> env, RetryPolicy policy, Sleeper sleeper, Clock clock,
      Consumer<AuditRecord> audit) {
    this.env = Map.copyOf(env);
    this.policy = policy;
    this.sleeper = sleeper;
    this.clock = clock;
    this.audit = audit;
  }

  /**
   * @throws NotificationConfigException when the channel cannot be set up; its errors name the config path
   */
  public DeliveryResult test(NotificationsConfig config, String channel, String service) {
    if (!NotificationsConfig.CHANNELS.contains(channel)) {
      throw new NotificationConfigException(List.of("--channel: '" + channel + "' is not a channel; use one of "
          + String.join(", ", NotificationsConfig.CHANNELS)));
    }
    Redactor redactor = NotificationChannels.redactor(config, env);
    return test(NotificationChannels.one(channel, config, env, redactor, clock), config, service);
  }

  /** The test message through {@code notifier}, a channel configured outside the notifications section (Jira). */
  public DeliveryResult test(Notifier notifier, NotificationsConfig config, String service) {
    String channel = notifier.channel();
    Redactor redactor = NotificationChannels.redactor(config, env);
    Instant now = clock.instant();
    Deployment d = Deployment.create(TEST_DEPLOYMENT_ID, service == null ? "deployment-pipeline" : service, null,
        null, "test", System.getProperty("user.name"), now).withState(State.PENDING, now);
    DeploymentNotification n = new DeploymentNotification(NotificationKind.TEST, d, null, null,
        "This is a test message from `deployment-pipeline notify test`. If you can read it, the " + channel
            + " channel works.",
        config == null ? null : config.detailsUrlFor(TEST_DEPLOYMENT_ID), null, null, now);
    return new Delivery(new Retrier(policy.forAnyState(), sleeper), audit, redactor, clock).deliver(notifier, n);
  }

  /** Redacts with this tester's secrets; for messages built outside a delivery. */
  public String redact(NotificationsConfig config, String text) {
    return NotificationChannels.redactor(config, env).redact(text);
  }
}
