package dev.deploypipeline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.engine.LeaseKeeper;
import dev.deploypipeline.engine.Transitions;
import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.DeploymentSummary;
import dev.deploypipeline.workflow.Event;
import dev.deploypipeline.workflow.Release;
import dev.deploypipeline.workflow.StageRun;
import dev.deploypipeline.workflow.State;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link DeploymentStore} guarantees, whatever holds the bytes: run against the file store
 * ({@link FileDeploymentStoreContractTest}) and a real PostgreSQL ({@code PostgresDeploymentStoreContractTest}).
 * Each test starts from an empty store; {@link #otherInstance()} is a second store on the same storage, as another
 * server process would open it.
 */
abstract class DeploymentStoreContract {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  final TestClock clock = new TestClock(T0);

  /** The store under test, empty at the start of each test. */
  abstract DeploymentStore store();

  /** Another instance on the same storage. */
  abstract DeploymentStore otherInstance();

  static Deployment create(DeploymentStore.Writer w, String service, Instant now) {
    return w.save(Deployment.create(w.nextId(), service, "main", "abc123", "1.0.0", "dev@example.com", now));
  }

  @Test
  void readsOfAnEmptyStoreAreEmpty() {
    DeploymentStore s = store();
    assertThat(s.find("d-1")).isEmpty();
    assertThat(s.history(HistoryQuery.all(20))).isEmpty();
    assertThat(s.active()).isEmpty();
    assertThat(s.audit(null)).isEmpty();
    assertThat(s.verifyAudit()).isEqualTo(new AuditVerification(0, true, Optional.empty()));
  }

  @Test
  void saveAndFindRoundTripWithIncreasingRevisions() {
    DeploymentStore s = store();
    Deployment first = s.write(w -> create(w, "payments", clock.instant()));
    assertThat(first.id()).isEqualTo("d-1");
    assertThat(first.revision()).isEqualTo(1);
    assertThat(s.find("d-1")).contains(first);

    clock.advance(Duration.ofSeconds(5));
    Deployment running = first.apply(Event.START, clock.instant())
        .withStage(StageRun.started("validating", "local", clock.instant(), "logs/d-1/validating.log"), clock.instant());
    Deployment second = s.write(w -> w.save(running));
    assertThat(second.revision()).isEqualTo(2);
    assertThat(second.withRevision(1)).isEqualTo(running);
    assertThat(otherInstance().find("d-1")).contains(second);
    String next = s.write(w -> w.nextId());
    String afterThat = otherInstance().write(w -> w.nextId());
    assertThat(next).isEqualTo("d-2");
    assertThat(afterThat).isEqualTo("d-3");
  }

  @Test
  void findAllReturnsTheStoredCopiesOfThoseThatExist() {
    DeploymentStore s = store();
    Deployment a = s.write(w -> create(w, "payments", T0));
    Deployment b = s.write(w -> w.save(create(w, "search", T0).withState(State.BUILDING, T0)));
    assertThat(otherInstance().findAll(List.of("d-2", "d-9", "d-1"))).isEqualTo(Map.of("d-1", a, "d-2", b));
    assertThat(s.findAll(List.of())).isEmpty();
  }

  @Test
  void aStaleRevisionIsRejectedAndNothingChanges() {
    DeploymentStore s = store();
    Deployment v1 = s.write(w -> create(w, "payments", clock.instant()));
    otherInstance().write(w -> w.save(v1.withState(State.VALIDATING, clock.instant())));
    assertThatThrownBy(() -> s.write(w -> w.save(v1.withState(State.FAILED, clock.instant()))))
        .isInstanceOf(StaleDeploymentException.class)
        .hasMessageContaining("d-1").hasMessageContaining("revision 1").hasMessageContaining("stored revision 2");
    assertThat(s.find("d-1").orElseThrow().state()).isEqualTo(State.VALIDATING);

    Deployment unknownWithRevision = Deployment.create("d-9", "x", "main", null, null, "me", T0).withRevision(3);
    assertThatThrownBy(() -> s.write(w -> w.save(unknownWithRevision))).isInstanceOf(StaleDeploymentException.class);
  }

  @Test
  void aTransactionThatThrowsLeavesNothingBehind() {
    DeploymentStore s = store();
    Deployment v1 = s.write(w -> create(w, "payments", clock.instant()));
    assertThatThrownBy(() -> s.write(w -> {
      w.save(v1.withState(State.VALIDATING, clock.instant()));
      create(w, "search", clock.instant());
      w.audit(new AuditRecord(null, "d-1", "alice", "STARTED", null, null, null, Map.of()));
      throw new IllegalStateException("changed my mind");
    })).hasMessage("changed my mind");
    assertThat(s.find("d-1")).contains(v1);
    assertThat(s.history(HistoryQuery.all(10))).extracting(DeploymentSummary::id).containsExactly("d-1");
    assertThat(s.active()).singleElement().satisfies(a -> assertThat(a.state()).isEqualTo(State.PENDING));
    assertThat(s.audit(null)).isEmpty();
    // The next transaction reads the stored state, not the abandoned one.
    assertThat(s.write(w -> w.save(w.get("d-1").orElseThrow().withState(State.FAILED, clock.instant())))
        .revision()).isEqualTo(2);
  }

  /**
   * d-1 payments completed (dev, staging, prod) 10:00; d-2 search failed (dev) 10:01; d-3 payments building 10:02;
   * d-4 payments rolled-back (dev, staging, prod) 10:03; d-5 search awaiting-approval (dev, staging) 10:04.
   */
  void fillHistory(DeploymentStore s) {
    add(s, "payments", State.COMPLETED, "dev", "staging", "prod");
    add(s, "search", State.FAILED, "dev");
    add(s, "payments", State.BUILDING);
    add(s, "payments", State.ROLLED_BACK, "dev", "staging", "prod");
    add(s, "search", State.AWAITING_APPROVAL, "dev", "staging");
  }

  void add(DeploymentStore s, String service, State end, String... envs) {
    add(s, clock, service, end, envs);
  }

  /** A deployment of {@code service} released to {@code envs} 10 s apart, ending in {@code end}; then a minute on. */
  static void add(DeploymentStore s, TestClock clock, String service, State end, String... envs) {
    Instant created = clock.instant();
    s.write(w -> {
      Deployment d = w.save(Deployment.create(w.nextId(), service, "main", "c", "1", "me", created));
      for (String env : envs) {
        clock.advance(Duration.ofSeconds(10));
        d = w.save(d.withRelease(new Release(env, clock.instant(), null, null, null), clock.instant()));
      }
      return w.save(d.withState(end, clock.instant()));
    });
    clock.advance(Duration.ofMinutes(1));
  }

  @ParameterizedTest(name = "{0} → {1}")
  @MethodSource("dev.deploypipeline.store.HistoryIndexTest#queries")
  void historyFiltersOrdersAndLimits(HistoryQuery q, List<String> expected) {
    fillHistory(store());
    assertThat(HistoryIndexTest.ids(store().history(q))).isEqualTo(expected);
    assertThat(HistoryIndexTest.ids(otherInstance().history(q))).isEqualTo(expected);
  }

  @Test
  void summariesCarryTheLatestSave() {
    fillHistory(store());
    DeploymentSummary d4 = store().history(new HistoryQuery(null, null, State.ROLLED_BACK, null, 1)).get(0);
    assertThat(d4.environments()).containsExactly("dev", "staging", "prod");
    assertThat(d4.durationMs()).isEqualTo(30_000L);
  }

  @Test
  void sameCreationTimeOrdersByIdNumberNotText() {
    store().write(w -> {
      for (int i = 0; i < 12; i++) w.save(Deployment.create(w.nextId(), "x", "main", "c", "1", "me", T0));
      return null;
    });
    assertThat(HistoryIndexTest.ids(store().history(HistoryQuery.all(3)))).containsExactly("d-12", "d-11", "d-10");
  }

  @Test
  void historyRejectsANonPositiveLimit() {
    assertThatThrownBy(() -> store().history(HistoryQuery.all(0))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit must be at least 1");
  }

  @Test
  void activeFollowsTheStateEverywhereAndATransactionSeesItsOwnSaves() {
    DeploymentStore s = store();
    Deployment a = s.write(w -> w.save(create(w, "payments", T0).withState(State.BUILDING, T0)));
    Deployment b = s.write(w -> w.save(create(w, "search", T0).withState(State.BUILDING, T0)));
    assertThat(otherInstance().active()).extracting(DeploymentSummary::id).containsExactly(b.id(), a.id());

    List<String> inside = s.write(w -> {
      w.save(a.withState(State.FAILED, clock.instant()));
      create(w, "cart", T0);
      return w.active().stream().map(DeploymentSummary::id).sorted().toList();
    });
    assertThat(inside).containsExactly("d-2", "d-3");
    assertThat(s.active()).extracting(DeploymentSummary::id).containsExactly("d-3", "d-2");
    assertThat(otherInstance().active()).extracting(DeploymentSummary::id).containsExactly("d-3", "d-2");
  }

  @Test
  void auditLinesChainVerifyAndComeBackAsStored() {
    DeploymentStore s = store();
    List<AuditEntry> written = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      String id = "d-" + (i % 2 + 1);
      int n = i;
      written.add(s.write(w -> w.audit(new AuditRecord(null, id, "alice", "STAGE_FINISHED", "building", "testing", n,
          Map.of("zeta", n, "alpha", Map.of("y", 1.5, "b", "x"), "list", List.of(3, "two"))))));
      clock.advance(Duration.ofSeconds(1));
    }
    List<AuditEntry> all = otherInstance().audit(null);
    assertThat(all).isEqualTo(written);
    assertThat(all).extracting(AuditEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(all.get(0).prevHash()).isEqualTo("0".repeat(64));
    for (int i = 1; i < all.size(); i++) assertThat(all.get(i).prevHash()).isEqualTo(all.get(i - 1).hash());
    assertThat(all.get(0).at()).isEqualTo(T0);
    assertThat(s.audit("d-1")).extracting(AuditEntry::attempt).containsExactly(2, 4);
    assertThat(s.audit("d-2")).extracting(AuditEntry::attempt).containsExactly(1, 3, 5);
    assertThat(s.audit("d-3")).isEmpty();
    assertThat(s.verifyAudit()).isEqualTo(new AuditVerification(5, true, Optional.empty()));
  }

  @Test
  void logFileIsALocalFileAndRejectsPathTricks() {
    DeploymentStore s = store();
    Path log = s.logFile("d-3", "deploying-dev");
    assertThat(log).isEqualTo(s.root().resolve("logs/d-3/deploying-dev.log"));
    assertThat(log.getParent()).isDirectory();
    assertThatThrownBy(() -> s.logFile("../etc", "x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deployment id '../etc' is not valid");
    assertThatThrownBy(() -> s.find("a/b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nestedWritesOnOneThreadDoNotDeadlock() {
    DeploymentStore s = store();
    DeploymentStore other = otherInstance();
    String id = s.write(w -> other.write(w2 -> create(w2, "payments", clock.instant())).id());
    assertThat(s.find(id)).isPresent();
  }

  @Test
  @Timeout(120)
  void threadsOnTwoInstancesDoNotLoseUpdates() throws Exception {
    int threads = 6;
    int perThread = 25;
    List<String> ids = StoreConcurrencyTest.createCounters(store(), 3);
    int[] expected = new int[3];
    for (int t = 0; t < threads; t++) for (int i = 0; i < perThread; i++) expected[(t + i) % 3]++;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      DeploymentStore s = t % 2 == 0 ? store() : otherInstance();
      done.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < perThread; i++) CounterWorker.increment(s, ids.get((thread + i) % 3), "t" + thread);
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : done) f.get(100, TimeUnit.SECONDS);
    pool.shutdown();
    for (int k = 0; k < 3; k++) {
      Deployment d = store().find(ids.get(k)).orElseThrow();
      assertThat(Integer.parseInt(d.version())).as(ids.get(k)).isEqualTo(expected[k]);
      assertThat(d.revision()).isEqualTo(1 + expected[k]);
      assertThat(store().audit(ids.get(k))).hasSize(expected[k]);
    }
    assertThat(store().verifyAudit()).isEqualTo(new AuditVerification(threads * perThread, true, Optional.empty()));
  }

  /**
   * The driver lease of two server instances (other hosts: only the heartbeat tells whether the holder lives): the
   * second cannot take a live lease, takes it over once the heartbeat is stale, and the first can no longer undo it.
   */
  @Test
  void aLeaseHeldByOneInstanceIsTakenOverByTheOtherOnlyWhenItsHeartbeatIsStale() {
    LeaseKeeper a = new LeaseKeeper(new Transitions(store(), clock, List.of()), "host-a", 101);
    LeaseKeeper b = new LeaseKeeper(new Transitions(otherInstance(), clock, List.of()), "host-b", 202);
    try {
      String id = store().write(w -> w.save(create(w, "payments", T0).withState(State.BUILDING, T0))).id();
      assertThat(a.claim(id).lease().owner()).contains("host-a");
      assertThatThrownBy(() -> b.claim(id)).isInstanceOf(LeaseKeeper.HeldException.class)
          .hasMessageContaining("host-a");

      clock.advance(LeaseKeeper.REMOTE_EXPIRY.plusSeconds(1));
      Deployment taken = b.claim(id);
      assertThat(taken.lease().owner()).contains("host-b");
      assertThat(store().audit(id)).singleElement().satisfies(e -> {
        assertThat(e.event()).isEqualTo(LeaseKeeper.RESUMED);
        assertThat(e.details()).containsEntry("previousDriver", "host-a:101");
      });
      a.release(id); // late: must not undo the takeover
      assertThat(store().find(id).orElseThrow().lease().owner()).contains("host-b");
      assertThatThrownBy(() -> a.claim(id)).isInstanceOf(LeaseKeeper.HeldException.class);
    } finally {
      a.shutdown();
      b.shutdown();
    }
  }

  /** Two instances find the same stale lease at once: exactly one takes it over. */
  @Test
  @Timeout(60)
  void ofTwoInstancesTakingOverAtOnceExactlyOneWins() throws Exception {
    String id = store().write(w -> w.save(create(w, "payments", T0).withState(State.BUILDING, T0)
        .withLease(new dev.deploypipeline.workflow.Lease("gone-host", 7, T0)))).id();
    clock.advance(LeaseKeeper.REMOTE_EXPIRY.plusSeconds(1));
    int rounds = 10;
    for (int r = 0; r < rounds; r++) {
      String host = "gone-" + r;
      store().write(w -> w.save(w.get(id).orElseThrow().withLease(
          new dev.deploypipeline.workflow.Lease(host, 7, T0))));
      LeaseKeeper a = new LeaseKeeper(new Transitions(store(), clock, List.of()), "host-a", 101);
      LeaseKeeper b = new LeaseKeeper(new Transitions(otherInstance(), clock, List.of()), "host-b", 202);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> claims = new ArrayList<>();
      for (LeaseKeeper k : List.of(a, b)) {
        claims.add(pool.submit(() -> {
          go.await();
          try {
            return k.claim(id).lease().owner();
          } catch (LeaseKeeper.HeldException e) {
            return null;
          }
        }));
      }
      go.countDown();
      List<String> winners = new ArrayList<>();
      for (Future<String> f : claims) {
        String w = f.get(30, TimeUnit.SECONDS);
        if (w != null) winners.add(w);
      }
      pool.shutdown();
      a.shutdown();
      b.shutdown();
      assertThat(winners).as("round " + r).hasSize(1);
      assertThat(store().find(id).orElseThrow().lease().owner()).isEqualTo(winners.get(0));
    }
    assertThat(store().audit(id)).hasSize(rounds)
        .allSatisfy(e -> assertThat(e.event()).isEqualTo(LeaseKeeper.RESUMED));
    assertThat(store().verifyAudit().intact()).isTrue();
  }
}
