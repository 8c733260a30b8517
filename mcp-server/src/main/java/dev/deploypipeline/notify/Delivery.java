package dev.deploypipeline.notify;

import dev.deploypipeline.secrets.Redactor;
import dev.deploypipeline.store.AuditRecord;
import dev.deploypipeline.workflow.Failure;
import dev.deploypipeline.workflow.Retrier;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one notification through one notifier under the one retry policy, and writes the outcome to the audit
 * trail. Never throws: a notification must not be able to break what it reports on.
 */
public final class Delivery {
  public static final String SENT = "NOTIFY_SENT";
  public static final String FAILED = "NOTIFY_FAILED";
  static final String ACTOR = "notify";
  private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

  private final Retrier retrier;
  private final Consumer<AuditRecord> audit;
  private final Redactor redactor;
  private final Clock clock;

  /** The channels' own secrets and every other one the process knows. */
  private Redactor redactor() {
    return dev.deploypipeline.secrets.Redaction.current().plus(redactor);
  }

  public Delivery(Retrier retrier, Consumer<AuditRecord> audit, Redactor redactor, Clock clock) {
    this.retrier = retrier;
    this.audit = audit;
    this.redactor = redactor;
    this.clock = clock;
  }

  public DeliveryResult deliver(Notifier notifier, DeploymentNotification notification) {
    String channel = notifier.channel();
    // A failure log can echo the environment; the channels must not receive its secrets either.
    DeploymentNotification n = notification.withDetail(redactor().redact(notification.detail()));
    AtomicReference<String> lastStatus = new AtomicReference<>("sent");
    DeliveryResult result;
    try {
      Retrier.Outcome outcome = retrier.run(true, attempt -> {
        try {
          notifier.send(n);
          lastStatus.set("sent");
          return Optional.empty();
        } catch (NotificationException e) {
          lastStatus.set(e.status());
          return Optional.of(e.failure());
        } catch (RuntimeException e) {
          lastStatus.set("error");
          return Optional.of(Failure.permanent(channel + ": " + e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
      }, (failed, failure, delay) -> LOG.warn("{} notification {} for {}: attempt {} failed ({}), retrying in {} ms",
          channel, n.kind().id(), n.deployment().id(), failed, redactor().redact(failure.message()), delay.toMillis()));
      result = outcome.succeeded()
          ? new DeliveryResult(channel, n.kind(), true, "sent", outcome.attempts(), null)
          : new DeliveryResult(channel, n.kind(), false, lastStatus.get(), outcome.attempts(),
              redactor().redact(outcome.failure().get().message()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result = new DeliveryResult(channel, n.kind(), false, "interrupted", 0, channel + ": interrupted at shutdown");
    }
    if (!result.delivered()) {
      LOG.warn("{} notification {} for {} not delivered after {} attempt(s): {}", channel, n.kind().id(),
          n.deployment().id(), result.attempts(), result.error());
    }
    record(n, result);
    return result;
  }

  /** Also used for deliveries that never ran (queue full), so that the audit trail misses none. */
  void record(DeploymentNotification n, DeliveryResult r) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("channel", r.channel());
    details.put("kind", r.kind().id());
    details.put("attempts", r.attempts());
    details.put("status", r.status());
    if (r.error() != null) details.put("error", redactor().redact(r.error()));
    try {
      audit.accept(new AuditRecord(clock.instant(), n.deployment().id(), ACTOR, r.delivered() ? SENT : FAILED, null,
          null, r.attempts(), details));
    } catch (RuntimeException e) {
      LOG.error("could not audit the {} notification of {}: {}", r.channel(), n.deployment().id(),
          redactor().redact(String.valueOf(e.getMessage())));
    }
  }
}
