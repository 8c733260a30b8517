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
 * (YAML, Hibernate Validator), which an MCP server must not pay before it answers {@code initialize}. The supplier
 * runs once; an empty result means "no listener" for the life of the process.
 */
public final class LazyListener implements PipelineListener, AutoCloseable {
  private final Supplier<Optional<PipelineListener>> factory;
  private volatile Optional<PipelineListener> built;

  public LazyListener(Supplier<Optional<PipelineListener>> factory) {
    this.factory = factory;
  }

  /** The listener, built now if it was not yet (for diagnostics and tests). */
  public Optional<PipelineListener> get() {
    return delegate();
  }

  /** Closes the listener if it was built, so queued work (notifications) is drained at shutdown. */
  @Override
  public void close() throws Exception {
    Optional<PipelineListener> b = built;
    if (b != null && b.isPresent() && b.get() instanceof AutoCloseable c) c.close();
  }

  private Optional<PipelineListener> delegate() {
    Optional<PipelineListener> b = built;
    if (b == null) {
      synchronized (this) {
        if (built == null) built = factory.get();
        b = built;
      }
    }
    return b;
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
