package dev.deploypipeline.rest;

import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Event;
import dev.deploypipeline.workflow.Failure;
import dev.deploypipeline.workflow.PipelineListener;
import dev.deploypipeline.workflow.StageRun;
import dev.deploypipeline.workflow.State;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The engine's events as Server-Sent Events: every transition and progress line gets the next number and goes to
 * each open stream and into a bounded buffer, from which a reconnecting client's {@code Last-Event-ID} is
 * replayed. Numbers start at the clock's milliseconds times 1000, so they also grow across server restarts and an
 * id from before a restart replays everything the new server has. Never blocks or throws into the engine.
 */
public final class EventFeed implements PipelineListener, AutoCloseable {
  public static final int DEFAULT_CAPACITY = 1000;
  public static final Duration DEFAULT_PING = Duration.ofSeconds(15);
  /** Events a slow stream may have waiting before it is closed (the client reconnects and is replayed). */
  static final int STREAM_BACKLOG = 1000;
  static final Item END = new Item(-1, "end", null, null);

  public record Item(long id, String type, String deploymentId, Map<String, Object> data) {}

  private final Clock clock;
  private final int capacity;
  private final Duration ping;
  private final ArrayDeque<Item> buffer = new ArrayDeque<>();
  private final List<Stream> streams = new CopyOnWriteArrayList<>();
  private long nextId;
  private boolean closed;

  public EventFeed(Clock clock, int capacity, Duration ping) {
    this.clock = clock;
    this.capacity = capacity;
    this.ping = ping;
    this.nextId = clock.millis() * 1000;
  }

  Duration ping() {
    return ping;
  }

  /** One open stream: what it missed (replayed first), then what comes. */
  final class Stream implements AutoCloseable {
    final List<Item> replay;
    final String deploymentId;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>(STREAM_BACKLOG);

    private Stream(List<Item> replay, String deploymentId) {
      this.replay = replay;
      this.deploymentId = deploymentId;
    }

    /** The next event, null after {@code timeout} without one, {@link #END} when the feed closes. */
    Item next(Duration timeout) throws InterruptedException {
      return queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void offer(Item i) {
      if (i != END && deploymentId != null && !deploymentId.equals(i.deploymentId())) return;
      if (!queue.offer(i)) {
        queue.clear();
        queue.offer(END);
        streams.remove(this);
      }
    }

    @Override
    public void close() {
      streams.remove(this);
    }
  }

  /** Opens a stream; {@code lastEventId} (null: none) replays the buffered events after it. */
  synchronized Stream open(Long lastEventId, String deploymentId) {
    List<Item> replay = new ArrayList<>();
    if (lastEventId != null) {
      for (Item i : buffer) {
        if (i.id() > lastEventId && (deploymentId == null || deploymentId.equals(i.deploymentId()))) replay.add(i);
      }
    }
    Stream s = new Stream(List.copyOf(replay), deploymentId);
    if (closed) s.queue.offer(END);
    else streams.add(s);
    return s;
  }

  synchronized void publish(String type, String deploymentId, Map<String, Object> data) {
    if (closed) return;
    Item item = new Item(nextId++, type, deploymentId, data);
    buffer.addLast(item);
    while (buffer.size() > capacity) buffer.removeFirst();
    for (Stream s : streams) s.offer(item);
  }

  @Override
  public void transitioned(Deployment after, State from, Event event, String actor) {
    Map<String, Object> m = base(after);
    m.put("state", after.state().id());
    if (from != null) m.put("from", from.id());
    m.put("event", event.name());
    String stage = stage(after);
    if (stage != null) m.put("stage", stage);
    publish("transition", after.id(), m);
  }

  @Override
  public void stageStarted(Deployment d, String stage, int attempt) {
    publish("progress", d.id(), attempt(d, "stage-started", stage, attempt));
  }

  @Override
  public void attemptFailed(Deployment d, String stage, int attempt, Failure failure, boolean willRetry) {
    Map<String, Object> m = attempt(d, "attempt-failed", stage, attempt);
    m.put("willRetry", willRetry);
    publish("progress", d.id(), m);
  }

  private Map<String, Object> attempt(Deployment d, String kind, String stage, int attempt) {
    Map<String, Object> m = base(d);
    m.put("kind", kind);
    m.put("stage", stage);
    m.put("attempt", attempt);
    return m;
  }

  @Override
  public void rolloutProgress(Deployment d, String environment, String action) {
    Map<String, Object> m = base(d);
    m.put("kind", "rollout");
    m.put("environment", environment);
    m.put("action", action);
    publish("progress", d.id(), m);
  }

  private Map<String, Object> base(Deployment d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("deploymentId", d.id());
    m.put("service", d.service());
    m.put("at", clock.instant().toString());
    return m;
  }

  private static String stage(Deployment d) {
    for (int i = d.stages().size() - 1; i >= 0; i--) {
      StageRun s = d.stages().get(i);
      if (StageRun.RUNNING.equals(s.status())) return s.stage();
    }
    return d.stages().isEmpty() ? null : d.stages().get(d.stages().size() - 1).stage();
  }

  /** Ends every open stream (the server is stopping); later events are dropped. */
  @Override
  public synchronized void close() {
    closed = true;
    for (Stream s : streams) {
      s.queue.clear();
      s.queue.offer(END);
    }
    streams.clear();
  }
}
