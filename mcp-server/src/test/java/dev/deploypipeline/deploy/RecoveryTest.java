package dev.deploypipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.app.App;
import dev.deploypipeline.engine.LeaseKeeper;
import dev.deploypipeline.engine.Transitions;
import dev.deploypipeline.store.FileDeploymentStore;
import dev.deploypipeline.testutil.RecordingSleeper;
import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.testutil.TestProjects;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Event;
import dev.deploypipeline.workflow.Lease;
import dev.deploypipeline.workflow.StageRun;
import dev.deploypipeline.workflow.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leases, heartbeats and takeover after the driver died, on real files and real bash stages. */
class RecoveryTest {
  @TempDir Path dir;
  final TestClock clock = TestClock.at("2026-11-25T10:00:00Z");

  DeploymentService service() throws Exception {
    if (!Files.exists(dir.resolve(".git"))) {
      // build and every deploy append a marker line, so a second run of a stage is visible.
      TestProjects.gitProject(dir, TestProjects.config("true", "echo build >> runs.log",
          "true", "echo \"deploy $ENVIRONMENT\" >> runs.log", "true", null));
    }
    return App.service(dir, Map.of("DEPLOY_PIPELINE_USER", "alice@example.com"), clock, new RecordingSleeper(clock),
        List.of());
  }

  static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  /** A deployment left in {@code state} by a driver that is gone, with {@code stage}'s record as it left it. */
  Deployment orphan(DeploymentService s, Lease lease, State state, String stageStatus) {
    Deployment d = s.start("svc", "main", null, "alice@example.com");
    Instant now = clock.instant();
    return s.store().write(w -> {
      Deployment x = w.get(d.id()).orElseThrow().apply(Event.START, now);
      for (Event e : List.of(Event.VALIDATION_COMPLETE, Event.BUILD_COMPLETE)) {
        if (x.state() == state) break;
        x = x.apply(e, now);
      }
      StageRun run = StageRun.started(state.id(), "local", now, null);
      if (!StageRun.RUNNING.equals(stageStatus)) run = run.finished(stageStatus, now);
      return w.save(x.withStage(run, now).withLease(lease));
    });
  }

  Lease deadLocal() throws Exception {
    return new Lease(LeaseKeeper.localHost(), deadPid(), clock.instant());
  }

  long runs(String line) throws Exception {
    Path f = dir.resolve("runs.log");
    return Files.exists(f) ? Files.readAllLines(f).stream().filter(line::equals).count() : 0;
  }

  @Test
  void anInterruptedNonIdempotentStageFailsAsInterruptedWithoutRunningAgain() throws Exception {
    DeploymentService s = service();
    Deployment d = orphan(s, deadLocal(), State.BUILDING, StageRun.RUNNING);

    assertThat(s.expiredLeases()).containsExactly(d.id());
    List<String> resumed = new Recovery(s).resumeExpired(id -> {});

    Deployment after = s.get(d.id());
    assertThat(resumed).containsExactly(d.id());
    assertThat(after.state()).isEqualTo(State.FAILED);
    assertThat(after.error()).contains("building was interrupted");
    assertThat(after.stage("building").orElseThrow().status()).isEqualTo(StageRun.INTERRUPTED);
    assertThat(after.lease()).isNull();
    assertThat(runs("build")).isZero();
    assertThat(s.store().verifyAudit().intact()).isTrue();
  }

  @Test
  void anInterruptedIdempotentStageRunsAgainToTheGate() throws Exception {
    DeploymentService s = service();
    Deployment d = orphan(s, deadLocal(), State.VALIDATING, StageRun.RUNNING);

    new Recovery(s).resumeExpired(id -> {});

    Deployment after = s.get(d.id());
    assertThat(after.state()).isEqualTo(State.AWAITING_APPROVAL);
    assertThat(after.lease()).isNull();
    assertThat(runs("build")).isEqualTo(1);
    assertThat(runs("deploy dev")).isEqualTo(1);
  }

  @Test
  void aStageThatFinishedBeforeTheCrashIsNotRunAgain() throws Exception {
    DeploymentService s = service();
    Deployment d = orphan(s, deadLocal(), State.BUILDING, StageRun.SUCCEEDED);

    assertThat(s.resume(d.id()).state()).isEqualTo(State.AWAITING_APPROVAL);
    assertThat(runs("build")).isZero();
    assertThat(s.audit(d.id())).extracting(e -> e.event()).contains("BUILD_COMPLETE");
  }

  @Test
  void aDriverThatDiedAtTheGateUnderAnAutomaticApprovalPolicyIsDrivenOn() throws Exception {
    TestProjects.gitProject(dir, TestProjects.config("true", "echo build >> runs.log", "true",
        "echo \"deploy $ENVIRONMENT\" >> runs.log", "true", null).replace("\"prod\":{", "\"prod\":{\"requiresApproval\":false,"));
    DeploymentService s = service();
    Deployment d = s.start("svc", "main", null, "alice@example.com");
    Lease dead = deadLocal();
    s.store().write(w -> {
      Deployment x = w.get(d.id()).orElseThrow();
      for (Event e : List.of(Event.START, Event.VALIDATION_COMPLETE, Event.BUILD_COMPLETE, Event.TESTS_PASSED,
          Event.DEV_DEPLOYED, Event.STAGING_DEPLOYED)) {
        x = x.apply(e, clock.instant());
      }
      return w.save(x.withLease(dead));
    });

    assertThat(s.expiredLeases()).containsExactly(d.id());
    new Recovery(s).resumeExpired(id -> {});
    assertThat(s.get(d.id()).state()).isEqualTo(State.COMPLETED);
    assertThat(runs("deploy prod")).isEqualTo(1);
  }

  @Test
  void aRemoteLeaseIsLiveUntilItsHeartbeatIsOlderThanTheExpiry() throws Exception {
    DeploymentService s = service();
    Deployment d = orphan(s, new Lease("another-host.example", 4242, clock.instant()), State.BUILDING,
        StageRun.RUNNING);

    assertThat(s.expiredLeases()).isEmpty();
    assertThatThrownBy(() -> s.resume(d.id())).isInstanceOfSatisfying(DeployException.class,
        e -> assertThat(e.kind()).isEqualTo(DeployException.Kind.BUSY))
        .hasMessageContaining("another-host.example:4242");

    clock.advance(LeaseKeeper.REMOTE_EXPIRY.plusSeconds(1));
    assertThat(s.expiredLeases()).containsExactly(d.id());
    assertThat(s.resume(d.id()).state()).isEqualTo(State.FAILED);
  }

  @Test
  void aLiveLocalDriverIsNeverTakenOver() throws Exception {
    DeploymentService s = service();
    Process alive = new ProcessBuilder("sleep", "30").start();
    try {
      Deployment d = orphan(s, new Lease(LeaseKeeper.localHost(), alive.pid(), clock.instant().minusSeconds(3600)),
          State.BUILDING, StageRun.RUNNING);
      assertThat(s.expiredLeases()).isEmpty();
      assertThatThrownBy(() -> s.resume(d.id())).isInstanceOf(DeployException.class);
      assertThat(s.get(d.id()).state()).isEqualTo(State.BUILDING);
    } finally {
      alive.destroyForcibly();
    }
  }

  @Test
  void heartbeatsRenewOnlyLeasesStillHeld() throws Exception {
    DeploymentService s = service();
    Deployment d = s.start("svc", "main", null, "alice@example.com");
    Transitions tx = new Transitions(new FileDeploymentStore(dir.resolve(".claude/deployments"), clock), clock,
        List.of());
    assertThat(d.lease().owner()).as("created under the starting process's lease")
        .isEqualTo(LeaseKeeper.localHost() + ":" + ProcessHandle.current().pid());
    tx.update(d.id(), x -> x.withLease(null), null);
    LeaseKeeper keeper = new LeaseKeeper(tx, "host-a", 1);
    keeper.claim(d.id());
    Instant claimed = clock.instant();

    clock.advance(Duration.ofSeconds(5));
    keeper.heartbeat();
    assertThat(s.get(d.id()).lease().heartbeatAt()).isEqualTo(claimed.plusSeconds(5));

    // Someone took it over (after a long pause of ours): our heartbeat must not steal it back.
    tx.update(d.id(), x -> x.withLease(new Lease("host-b", 2, clock.instant())), null);
    clock.advance(Duration.ofSeconds(5));
    keeper.heartbeat();
    keeper.release(d.id());
    assertThat(s.get(d.id()).lease().owner()).isEqualTo("host-b:2");
    keeper.shutdown();
  }

  @Test
  void ofManyProcessesClaimingAtOnceExactlyOneWins() throws Exception {
    DeploymentService s = service();
    FileDeploymentStore store = new FileDeploymentStore(dir.resolve(".claude/deployments"), clock);
    Transitions tx = new Transitions(store, clock, List.of());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<LeaseKeeper> keepers = new java.util.ArrayList<>();
    try {
      for (int round = 0; round < 20; round++) {
        Deployment d = orphan(s, deadLocal(), State.BUILDING, StageRun.RUNNING);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> claims = new java.util.ArrayList<>();
        for (int p = 0; p < 4; p++) {
          LeaseKeeper k = new LeaseKeeper(tx, "host-" + p, 100 + p);
          keepers.add(k);
          claims.add(pool.submit(() -> {
            go.await();
            try {
              k.claim(d.id());
              return true;
            } catch (LeaseKeeper.HeldException e) {
              return false;
            }
          }));
        }
        go.countDown();
        int winners = 0;
        for (Future<Boolean> f : claims) winners += f.get() ? 1 : 0;
        assertThat(winners).as("round %d", round).isEqualTo(1);
        s.store().write(w -> w.save(w.get(d.id()).orElseThrow().apply(Event.FAILURE, clock.instant())
            .withLease(null)));
      }
    } finally {
      pool.shutdownNow();
      // A winner's heartbeat would otherwise write into the project while the test's directory is deleted.
      keepers.forEach(LeaseKeeper::shutdown);
    }
  }
}
