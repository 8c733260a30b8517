package dev.deploypipeline.engine;

import dev.deploypipeline.store.AuditRecord;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Lease;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's side of the driver lease (docs/design.md, Persistence). Taking a lease re-reads the deployment
 * under the store's write lock, so of two processes that both find a lease expired only the first takes it; the
 * second sees a live lease and backs off. While a deployment is held, a daemon thread renews the heartbeat so
 * that processes on other hosts (which cannot check our pid) can tell a slow stage from a dead driver.
 */
public final class LeaseKeeper {
  private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);
  /** How often a held lease's heartbeat is renewed by default. */
  public static final Duration HEARTBEAT = LeaseTimings.DEFAULT.heartbeat();
  /** By default a lease from another host whose heartbeat is older than this is taken to be dead. */
  public static final Duration REMOTE_EXPIRY = LeaseTimings.DEFAULT.expiry();

  /** The audit event of a takeover from a driver that is gone. */
  public static final String RESUMED = "RESUMED";

  private final Transitions tx;
  private final String host;
  private final long pid;
  private final LeaseTimings timings;
  private final Set<String> held = ConcurrentHashMap.newKeySet();
  private ScheduledExecutorService beat;

  public LeaseKeeper(Transitions tx, String host, long pid) {
    this(tx, host, pid, LeaseTimings.DEFAULT);
  }

  /** @param host the name recorded in leases; null: {@code timings}' host, else this machine's name */
  public LeaseKeeper(Transitions tx, String host, long pid, LeaseTimings timings) {
    this.tx = tx;
    this.host = host != null ? host : timings.host();
    this.pid = pid;
    this.timings = timings;
  }

  public static LeaseKeeper forThisProcess(Transitions tx) {
    return forThisProcess(tx, LeaseTimings.DEFAULT);
  }

  public static LeaseKeeper forThisProcess(Transitions tx, LeaseTimings timings) {
    return new LeaseKeeper(tx, null, ProcessHandle.current().pid(), timings);
  }

  public LeaseTimings timings() {
    return timings;
  }

  /** Thrown by {@link #claim} when another live process drives the deployment. */
  public static final class HeldException extends RuntimeException {
    private final String owner;

    HeldException(String id, String owner) {
      super(id + " is being driven by " + owner);
      this.owner = owner;
    }

    public String owner() {
      return owner;
    }
  }

  /** Thrown when a driver finds that another process has taken its deployment over. */
  public static final class LostException extends RuntimeException {
    public LostException(String id, Lease now) {
      super(id + " was taken over by " + (now == null ? "nobody (its lease was cleared)" : now.owner()));
    }
  }

  public Lease mine() {
    return new Lease(host(), pid, tx.clock().instant());
  }

  public boolean isMine(Lease l) {
    return l != null && l.host().equals(host()) && l.pid() == pid;
  }

  /** Takes the lease in one store transaction: free, expired or already ours. Starts the heartbeat. */
  public Deployment claim(String id) {
    Deployment d = tx.store().write(w -> {
      Deployment cur = w.get(id).orElseThrow(() -> new java.util.NoSuchElementException("deployment " + id
          + " not found"));
      Lease prev = cur.lease();
      if (prev != null && !isMine(prev) && alive(prev)) throw new HeldException(id, prev.owner());
      Deployment saved = w.save(cur.withLease(mine()));
      if (prev != null && !isMine(prev)) {
        // A takeover is part of the deployment's story: who was driving, and where it stood.
        w.audit(new AuditRecord(tx.clock().instant(), id, PipelineRunner.ENGINE, RESUMED, null, null, null,
            Map.of("previousDriver", prev.owner(), "state", cur.state().id())));
      }
      return saved;
    });
    held.add(id);
    startHeartbeat();
    return d;
  }

  /** Lets go, if the lease is still ours (a takeover after a long pause must not be undone). */
  public void release(String id) {
    held.remove(id);
    try {
      tx.update(id, d -> isMine(d.lease()) ? d.withLease(null) : d, null);
    } catch (RuntimeException e) {
      log.warn("could not release the lease on {}: {}", id, e.toString());
    }
  }

  /** Stops tracking without writing (the caller's own transition already cleared the lease). */
  public void forget(String id) {
    held.remove(id);
  }

  /**
   * One round of heartbeats; the scheduler calls it every heartbeat of {@link #timings()}. Every held lease is
   * renewed in one store transaction: with many deployments held, one write a round keeps each beat on time where
   * a write per deployment would queue behind the other instances' writes and stretch the round past the expiry.
   */
  public void heartbeat() {
    if (held.isEmpty()) return;
    try {
      java.util.List<String> gone = tx.store().write(w -> {
        java.util.List<String> missing = new java.util.ArrayList<>();
        for (String id : held) {
          java.util.Optional<Deployment> cur = w.get(id);
          if (cur.isEmpty()) missing.add(id);
          else if (isMine(cur.get().lease())) w.save(cur.get().withLease(mine()));
        }
        return missing;
      });
      // The store no longer has them (removed with their project): nothing is left to hold, so stop beating.
      for (String id : gone) {
        held.remove(id);
        log.warn("heartbeat on {} stopped: deployment {} not found", id, id);
      }
    } catch (RuntimeException e) {
      log.warn("heartbeat on {} failed: {}", held, e.toString());
    }
  }

  /**
   * Whether a lease's holder is still there, by this keeper's timings. On this host the pid answers exactly; on
   * another host only a recent heartbeat does.
   */
  public boolean alive(Lease lease) {
    // "This host" is the process's own (its timings' host name), not the name a test keeper was given.
    return isAlive(lease, tx.clock(), timings.expiry(), timings.hostName());
  }

  /** {@link #alive} by this process's timings ({@link LeaseTimings#ofProcess()}), for callers without a keeper. */
  public static boolean isAlive(Lease lease, Clock clock) {
    LeaseTimings t = LeaseTimings.ofProcess();
    return isAlive(lease, clock, t.expiry(), t.hostName());
  }

  private static boolean isAlive(Lease lease, Clock clock, Duration expiry, String thisHost) {
    if (lease == null) return false;
    if (lease.host().equals(thisHost)) {
      return ProcessHandle.of(lease.pid()).map(ProcessHandle::isAlive).orElse(false);
    }
    return lease.heartbeatAt() != null && lease.heartbeatAt().plus(expiry).isAfter(clock.instant());
  }

  private synchronized void startHeartbeat() {
    if (beat != null) return;
    beat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lease-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long ms = timings.heartbeat().toMillis();
    beat.scheduleWithFixedDelay(this::heartbeat, ms, ms, TimeUnit.MILLISECONDS);
  }

  public synchronized void shutdown() {
    if (beat != null) beat.shutdownNow();
  }

  /** The given host, or (null) this machine's name, resolved only when a lease is first needed. */
  private String host() {
    return host != null ? host : localHost();
  }

  /** This host's name, looked up once on first use (the lookup can take a while, and start-up must not wait). */
  public static String localHost() {
    return Host.NAME;
  }

  private static final class Host {
    static final String NAME = lookUp();

    private static String lookUp() {
      try {
        return java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        return "localhost";
      }
    }
  }
}
