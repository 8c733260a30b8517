package dev.deploypipeline.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.store.FileDeploymentStore;
import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Lease;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Lease timings from the environment, and a keeper judging other hosts' leases by them on a test clock. */
class LeaseTimingsTest {
  @TempDir Path dir;
  final TestClock clock = TestClock.at("2026-12-06T10:00:00Z");

  @Test
  void unsetMeansTheServerDefaults() {
    LeaseTimings t = LeaseTimings.from(Map.of());
    assertThat(t).isEqualTo(LeaseTimings.DEFAULT);
    assertThat(t.heartbeat()).isEqualTo(Duration.ofSeconds(5));
    assertThat(t.expiry()).isEqualTo(Duration.ofSeconds(60));
    assertThat(t.recoveryPeriod()).isEqualTo(Duration.ofSeconds(30));
    assertThat(t.hostName()).isEqualTo(LeaseKeeper.localHost());
  }

  @Test
  void shortTimingsAndAnInstanceName() {
    LeaseTimings t = LeaseTimings.from(Map.of(LeaseTimings.HEARTBEAT_ENV, "200ms", LeaseTimings.EXPIRY_ENV, "2s",
        LeaseTimings.HOST_ENV, " team-a "));
    assertThat(t.heartbeat()).isEqualTo(Duration.ofMillis(200));
    assertThat(t.expiry()).isEqualTo(Duration.ofSeconds(2));
    assertThat(t.recoveryPeriod()).isEqualTo(Duration.ofSeconds(1));
    assertThat(t.hostName()).isEqualTo("team-a");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "DEPLOY_PIPELINE_LEASE_HEARTBEAT|5 seconds|5s|DEPLOY_PIPELINE_LEASE_HEARTBEAT: '5 seconds' is not a duration",
      "DEPLOY_PIPELINE_LEASE_HEARTBEAT|50ms|5s|DEPLOY_PIPELINE_LEASE_HEARTBEAT: 50ms is too short",
      "DEPLOY_PIPELINE_LEASE_EXPIRY|10s|5s|DEPLOY_PIPELINE_LEASE_EXPIRY: 10000ms is less than three heartbeats",
      "DEPLOY_PIPELINE_HOST|team a|5s|DEPLOY_PIPELINE_HOST: 'team a' is not a host name"})
  void aBadSettingIsRefusedNamingItsVariable(String name, String value, String heartbeat, String message) {
    assertThatThrownBy(() -> LeaseTimings.from(Map.of(name, value, LeaseTimings.HEARTBEAT_ENV.equals(name)
        ? "unused" : LeaseTimings.HEARTBEAT_ENV, heartbeat)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
  }

  @Test
  void anotherInstancesLeaseIsLiveUntilItsHeartbeatIsOlderThanTheShortExpiry() {
    Transitions tx = new Transitions(new FileDeploymentStore(dir, clock), clock, List.of());
    LeaseTimings shortTimings = LeaseTimings.from(Map.of(LeaseTimings.HEARTBEAT_ENV, "500ms",
        LeaseTimings.EXPIRY_ENV, "2s", LeaseTimings.HOST_ENV, "team-b"));
    LeaseKeeper b = new LeaseKeeper(tx, null, ProcessHandle.current().pid(), shortTimings);
    // team-a runs on the same machine with the same pid space: only its heartbeat can say it is alive.
    Lease a = new Lease("team-a", ProcessHandle.current().pid(), clock.instant());

    assertThat(b.mine().host()).isEqualTo("team-b");
    assertThat(b.alive(a)).isTrue();
    clock.advance(Duration.ofMillis(1999));
    assertThat(b.alive(a)).isTrue();
    clock.advance(Duration.ofMillis(1));
    assertThat(b.alive(a)).as("a heartbeat exactly one expiry old is dead").isFalse();
    assertThat(new LeaseKeeper(tx, "team-c", 1).alive(a)).as("the default expiry is a minute").isTrue();
  }

  @Test
  void aStaleInstanceLosesItsDeploymentToTheClaimOfAnother() {
    FileDeploymentStore store = new FileDeploymentStore(dir, clock);
    Transitions tx = new Transitions(store, clock, List.of());
    // Hours, so that the keepers' real heartbeat threads never beat during the test; the test clock moves instead.
    LeaseTimings t = LeaseTimings.from(Map.of(LeaseTimings.HEARTBEAT_ENV, "1h", LeaseTimings.EXPIRY_ENV, "4h"));
    LeaseKeeper a = new LeaseKeeper(tx, "team-a", 11, t);
    LeaseKeeper b = new LeaseKeeper(tx, "team-b", 22, t);
    Deployment d = store.write(w -> w.save(Deployment.create(w.nextId(), "svc", "main", "abc", "abc", "alice",
        clock.instant())));
    try {
      a.claim(d.id());
      clock.advance(Duration.ofHours(3));
      a.heartbeat();
      clock.advance(Duration.ofHours(3));
      assertThatThrownBy(() -> b.claim(d.id())).as("renewed 3 h ago").isInstanceOf(LeaseKeeper.HeldException.class)
          .hasMessageContaining("team-a:11");

      clock.advance(Duration.ofHours(1));
      assertThat(b.claim(d.id()).lease().owner()).isEqualTo("team-b:22");
      assertThat(store.audit(d.id())).extracting(e -> e.event()).containsExactly(LeaseKeeper.RESUMED);
      a.heartbeat();
      assertThat(store.find(d.id()).orElseThrow().lease().owner()).as("a late beat does not steal it back")
          .isEqualTo("team-b:22");
    } finally {
      a.shutdown();
      b.shutdown();
    }
  }

  @Test
  void oneHeartbeatRenewsEveryLeaseStillHeldAndNoOther() {
    FileDeploymentStore store = new FileDeploymentStore(dir, clock);
    Transitions tx = new Transitions(store, clock, List.of());
    LeaseTimings t = LeaseTimings.from(Map.of(LeaseTimings.HEARTBEAT_ENV, "1h", LeaseTimings.EXPIRY_ENV, "4h"));
    LeaseKeeper a = new LeaseKeeper(tx, "team-a", 11, t);
    List<String> ids = java.util.stream.IntStream.range(0, 3).mapToObj(i -> store.write(w -> w.save(
        Deployment.create(w.nextId(), "svc-" + i, "main", "abc", "abc", "alice", clock.instant()))).id()).toList();
    try {
      ids.forEach(a::claim);
      Lease b = new Lease("team-b", 22, clock.instant());
      store.write(w -> w.save(w.get(ids.get(2)).orElseThrow().withLease(b)));
      clock.advance(Duration.ofMinutes(30));
      a.heartbeat();
      assertThat(ids).extracting(id -> store.find(id).orElseThrow().lease())
          .containsExactly(new Lease("team-a", 11, clock.instant()), new Lease("team-a", 11, clock.instant()), b);
    } finally {
      a.shutdown();
    }
  }
}
