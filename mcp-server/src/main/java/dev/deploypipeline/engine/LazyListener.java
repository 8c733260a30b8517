package dev.deploypipeline.engine;

import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Event;
import dev.deploypipeline.workflow.Failure;
import dev.deploypipeline.workflow.PipelineListener;
import dev.deploypipeline.workflow.State;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A listener built on the first engine event rather than at start-up: building one may load the project's config
 * (YAML, Hibernate Validator), which an MCP server must not pay before it answers {@code initialize}. The factory
 * runs until it gives a final answer; an attempt that asks to be repeated (the config is missing or broken for now)
 * serves only the event at hand, and the next event asks again.
 */
public final class LazyListener implements PipelineListener, AutoCloseable {
  /** What the factory made for now: a listener or none, and whether that is the answer for good. */
  public record Attempt(Optional<PipelineListener> listener, boolean askAgain) {
    public static Attempt done(Optional<PipelineListener> listener) {
      return new Attempt(listener, false);
    }

    /** {@code forThisEvent} (if any) serves only the current event. */
    public static Attempt later(Optional<PipelineListener> forThisEvent) {
      return new Attempt(forThisEvent, true);
    }
  }

  private final Supplier<Attempt> factory;
  private volatile Optional<PipelineListener> built;

  public LazyListener(Supplier<Attempt> factory) {
    this.factory = factory;
  }

  /** The listener, built now if it was not yet (for diagnostics and tests); empty while the factory asks again. */
  public Optional<PipelineListener> get() {
    delegate();
    Optional<PipelineListener> b = built;
    return b == null ? Optional.empty() : b;
  }

  /** Closes the listener if it was built, so queued work (notifications) is drained at shutdown. */
  @Override
  public void close() throws Exception {
    Optional<PipelineListener> b = built;
    if (b != null && b.isPresent() && b.get() instanceof AutoCloseable c) c.close();
  }

  private Optional<PipelineListener> delegate() {
    Optional<PipelineListener> b = built;
    if (b != null) return b;
    synchronized (this) {
      if (built != null) return built;
      Attempt a = factory.get();
      if (!a.askAgain()) built = a.listener();
      return a.listener();
    }
  }

  @Override
  public void transitioned(Deployment after, State from, Event event, String actor) {
    delegate().ifPresent(l -> l.transitioned(after, from, event, actor));
  }

  @Override
  public void attemptFailed(Deployment d, String stage, int attempt, Failure failure, boolean willRetry) {
    delegate().ifPresent(l -> l.attemptFailed(d, stage, attempt, failure, willRetry));
  }

  @Override
  public void stageStarted(Deployment d, String stage, int attempt) {
    delegate().ifPresent(l -> l.stageStarted(d, stage, attempt));
  }
}
