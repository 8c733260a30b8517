package dev.deploypipeline.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Automatic resume (docs/design.md, Persistence): every process that starts, and a running server periodically,
 * takes over the deployments whose driver is gone. Losing the race to another process is normal and silent.
 */
public final class Recovery {
  private static final Logger log = LoggerFactory.getLogger(Recovery.class);
  /** How often a running server looks for expired leases by default (half the lease expiry, see LeaseTimings). */
  public static final Duration PERIOD = Duration.ofSeconds(30);

  private final DeploymentService service;
  private ScheduledExecutorService scheduler;
  private final java.util.concurrent.ExecutorService drivers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "recovery-driver");
    t.setDaemon(true);
    return t;
  });

  public Recovery(DeploymentService service) {
    this.service = service;
  }

  /** Resumes every expired deployment in this thread, reporting each id before it is driven; returns them. */
  public List<String> resumeExpired(Consumer<String> before) {
    List<String> resumed = new ArrayList<>();
    for (String id : service.expiredLeases()) {
      before.accept(id);
      if (resumeOne(id)) resumed.add(id);
    }
    return resumed;
  }

  private boolean resumeOne(String id) {
    try {
      service.resume(id);
      return true;
    } catch (DeployException e) {
      log.info("not resuming {}: {}", id, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("resuming {} failed: {}", id, e.toString());
    }
    return false;
  }

  /** For a server: now, then every half lease expiry ({@link #PERIOD} by default), on a daemon thread. */
  public synchronized void startPeriodic() {
    if (scheduler != null) return;
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "recovery");
      t.setDaemon(true);
      return t;
    });
    // Each takeover drives on its own thread, so one long stage does not hold up the next recovery round.
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        for (String id : service.expiredLeases()) {
          log.warn("resuming {}: its driver is gone", id);
          drivers.execute(() -> resumeOne(id));
        }
      } catch (RuntimeException e) {
        log.warn("looking for deployments to resume failed: {}", e.toString());
      }
    }, 0, service.recoveryPeriod().toMillis(), TimeUnit.MILLISECONDS);
  }

  public synchronized void stop() {
    if (scheduler != null) scheduler.shutdownNow();
    drivers.shutdownNow();
  }
}
