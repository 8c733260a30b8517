package dev.deploypipeline.notify;

/**
 * One channel. {@link #send} makes exactly one attempt; retries belong to the caller's {@code workflow.Retrier},
 * so a notifier only classifies what went wrong.
 */
public interface Notifier {
  /** {@code slack}, {@code teams} or {@code email}. */
  String channel();

  void send(DeploymentNotification notification) throws NotificationException;
}
