package dev.deploypipeline.notify;

import dev.deploypipeline.workflow.PipelineListener;
import dev.deploypipeline.store.AuditRecord;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Event;
import dev.deploypipeline.workflow.Failure;
import dev.deploypipeline.workflow.Retrier;
import dev.deploypipeline.workflow.RetryPolicy;
import dev.deploypipeline.workflow.Sleeper;
import dev.deploypipeline.workflow.State;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications off the engine's critical path. Each channel has its own single thread and bounded queue,
 * so messages reach a channel in order and a slow or dead channel delays only itself. The listener methods only
 * map and enqueue: they return at once and never throw; a full queue drops the message and audits the drop.
 */
public final class NotificationDispatcher implements PipelineListener, AutoCloseable {
  public static final int DEFAULT_QUEUE_CAPACITY = 100;
  public static final Duration DEFAULT_CLOSE_WAIT = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);

  private record Channel(Notifier notifier, Set<NotificationKind> events, ThreadPoolExecutor executor) {}

  private final Map<String, Channel> channels = new LinkedHashMap<>();
  private final NotificationMapper mapper;
  private final Delivery delivery;

  /**
   * @param eventsByChannel the kinds each channel receives (a channel missing here receives none)
   */
  public NotificationDispatcher(List<Notifier> notifiers, Map<String, Set<NotificationKind>> eventsByChannel,
      NotificationMapper mapper, Delivery delivery, int queueCapacity) {
    this.mapper = mapper;
    this.delivery = delivery;
    for (Notifier n : notifiers) {
      ThreadPoolExecutor ex = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
          new ArrayBlockingQueue<>(queueCapacity), r -> {
            Thread t = new Thread(r, "notify-" + n.channel());
            t.setDaemon(true);
            return t;
          }, new ThreadPoolExecutor.AbortPolicy());
      channels.put(n.channel(), new Channel(n, Set.copyOf(eventsByChannel.getOrDefault(n.channel(), Set.of())), ex));
    }
  }

  /**
   * The dispatcher for a loaded config ({@code null}: no notifications section, so no channels): channels that cannot be set up (a variable not set, an http URL) are
   * reported on stderr and left out, since a deployment must run without its notifications.
   */
  public static NotificationDispatcher create(NotificationsConfig config, Map<String, String> env, RetryPolicy policy,
      Sleeper sleeper, Clock clock, Consumer<AuditRecord> audit) {
    return create(config, env, policy, sleeper, clock, audit, Map.of());
  }

  /**
   * With channels configured outside the {@code notifications} section (Jira has a section of its own), each with
   * the kinds it receives; they get the same queues, retries and audit as the others.
   */
  public static NotificationDispatcher create(NotificationsConfig config, Map<String, String> env, RetryPolicy policy,
      Sleeper sleeper, Clock clock, Consumer<AuditRecord> audit, Map<Notifier, Set<NotificationKind>> more) {
    return create(config, env, policy, sleeper, clock, audit, more, (d, e) -> null);
  }

  /** With {@code changes}: the summary of what a deployment waiting at the gate changes there (see the mapper). */
  public static NotificationDispatcher create(NotificationsConfig config, Map<String, String> env, RetryPolicy policy,
      Sleeper sleeper, Clock clock, Consumer<AuditRecord> audit, Map<Notifier, Set<NotificationKind>> more,
      java.util.function.BiFunction<Deployment, String, String> changes) {
    if (config == null) config = new NotificationsConfig(null, null, null, null, null, null);
    NotificationChannels.Resolved r = NotificationChannels.resolve(config, env, clock);
    for (String e : r.errors()) LOG.warn("notifications: {} (channel left out)", e);
    Map<String, Set<NotificationKind>> events = new LinkedHashMap<>();
    for (String ch : r.notifiers().keySet()) events.put(ch, config.eventsFor(ch));
    List<Notifier> notifiers = new ArrayList<>(r.notifiers().values());
    more.forEach((n, kinds) -> {
      notifiers.add(n);
      events.put(n.channel(), kinds);
    });
    NotificationMapper mapper = new NotificationMapper(config::detailsUrlFor, clock, changes);
    Delivery delivery = new Delivery(new Retrier(policy.forAnyState(), sleeper), audit, r.redactor(), clock);
    return new NotificationDispatcher(notifiers, events, mapper, delivery, DEFAULT_QUEUE_CAPACITY);
  }

  public Set<String> channels() {
    return channels.keySet();
  }

  @Override
  public void transitioned(Deployment after, State from, Event event, String actor) {
    try {
      mapper.onTransition(after, from, event, actor).ifPresent(this::dispatch);
    } catch (RuntimeException e) {
      LOG.error("notification for {} not sent: {}", after == null ? "?" : after.id(), e.toString());
    }
  }

  @Override
  public void attemptFailed(Deployment d, String stage, int attempt, Failure failure, boolean willRetry) {
    try {
      mapper.onAttemptFailed(d, stage, attempt, failure, willRetry).ifPresent(this::dispatch);
    } catch (RuntimeException e) {
      LOG.error("notification for {} not sent: {}", d == null ? "?" : d.id(), e.toString());
    }
  }

  /** Queues {@code n} for every channel that takes its kind; returns at once. */
  public void dispatch(DeploymentNotification n) {
    for (Channel c : channels.values()) {
      if (n.kind() != NotificationKind.TEST && !c.events().contains(n.kind())) continue;
      try {
        c.executor().execute(() -> delivery.deliver(c.notifier(), n));
      } catch (RejectedExecutionException full) {
        String why = c.executor().isShutdown() ? "dispatcher closed" : "queue full";
        delivery.record(n, new DeliveryResult(c.notifier().channel(), n.kind(), false,
            c.executor().isShutdown() ? "closed" : "queue-full", 0, c.notifier().channel() + ": " + why
                + "; notification dropped"));
      }
    }
  }

  /** Waits until everything queued so far is delivered or has failed; false if {@code max} ran out first. */
  public boolean drain(Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    List<Future<?>> markers = new ArrayList<>();
    for (Channel c : channels.values()) {
      try {
        markers.add(c.executor().submit(() -> {}));
      } catch (RejectedExecutionException e) {
        return false;
      }
    }
    for (Future<?> f : markers) {
      try {
        f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        return false;
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e);
      }
    }
    return true;
  }

  /**
   * Stops taking work, lets what is queued finish for at most {@code max}, then interrupts the rest. Returns
   * whether everything finished.
   */
  public boolean close(Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    for (Channel c : channels.values()) c.executor().shutdown();
    boolean all = true;
    for (Channel c : channels.values()) {
      all &= c.executor().awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
    if (!all) {
      for (Channel c : channels.values()) {
        List<Runnable> dropped = c.executor().shutdownNow();
        if (!dropped.isEmpty()) LOG.warn("{}: {} notification(s) dropped at shutdown", c.notifier().channel(),
            dropped.size());
      }
    }
    return all;
  }

  @Override
  public void close() {
    try {
      close(DEFAULT_CLOSE_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
