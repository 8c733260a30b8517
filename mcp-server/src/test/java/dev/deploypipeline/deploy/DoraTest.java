package dev.deploypipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.store.FileDeploymentStore;
import dev.deploypipeline.workflow.Approval;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Release;
import dev.deploypipeline.workflow.StageRun;
import dev.deploypipeline.workflow.State;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DORA's four keys over a generated history whose answers are known by construction: every deployment below is
 * placed at a fixed hour, and the expected figures are worked out in the comments.
 */
class DoraTest {
  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  static final Instant UNTIL = T0.plus(Duration.ofDays(10));
  static final long HOUR = 3_600_000;

  @TempDir Path dir;
  FileDeploymentStore store;

  @BeforeEach
  void history() {
    store = new FileDeploymentStore(dir, Clock.fixed(UNTIL, ZoneOffset.UTC));
    // api, live in prod: lead 3h, 5h, (d3) 2h, (d5) 3h
    save("api", h(0), h(1), State.COMPLETED, prod(h(3)), h(4));
    save("api", h(24), h(25), State.COMPLETED, prod(h(29)), h(30));
    // live at +50h, rolled back at +51h: a failure restored in 1h
    save("api", h(48), h(49), State.ROLLED_BACK, prod(h(50)), h(51));
    // failed deploying prod (its stage ended at +73h), restored by the next api release at +77h: 4h
    saveFailedInProd("api", h(70), h(71), h(73));
    save("api", h(74), h(75), State.COMPLETED, prod(h(77)), h(78));
    // failed at build, never tried prod: not a prod change
    save("api", h(80), h(80), State.FAILED, null, h(81));
    // rolled back from staging before prod: a staging failure (live +91h, back +93h), not a prod one
    save("api", h(90), h(90), State.ROLLED_BACK, new Release("staging", h(91), null, null, null), h(93));
    // failed in prod on day 9, nothing good after it: unrestored
    saveFailedInProd("api", h(215), h(216), h(217));
    // still waiting at the gate: not finished, so not a change yet
    save("api", h(220), h(221), State.AWAITING_APPROVAL, null, h(222));
    // another service, lead 1h
    save("web", h(100), h(100), State.COMPLETED, prod(h(101)), h(102));
    // before the period
    save("api", T0.minus(Duration.ofDays(2)), T0.minus(Duration.ofDays(2)), State.COMPLETED,
        prod(T0.minus(Duration.ofDays(1))), T0.minus(Duration.ofDays(1)));
  }

  @Test
  void prodForOneService() {
    Dora d = Dora.of(store, "api", "prod", T0, UNTIL);
    assertThat(d.days()).isEqualTo(10.0);
    assertThat(d.deployments()).isEqualTo(4); // d1, d2, d3 (later rolled back), d5
    assertThat(d.deploymentsPerDay()).isEqualTo(0.4);
    assertThat(d.leadTimeSamples()).isEqualTo(4);
    assertThat(d.medianLeadTimeMs()).isEqualTo(3 * HOUR); // 2h 3h 3h 5h
    assertThat(d.changes()).isEqualTo(6); // d1 d2 d3 d4 d5 d8
    assertThat(d.failures()).isEqualTo(3); // d3 rolled back, d4 and d8 failed in prod
    assertThat(d.changeFailureRate()).isEqualTo(0.5);
    assertThat(d.restored()).isEqualTo(2);
    assertThat(d.unrestored()).isEqualTo(1);
    assertThat(d.medianTimeToRestoreMs()).isEqualTo(5 * HOUR / 2); // 1h and 4h
    assertThat(d.truncated()).isFalse();
  }

  @Test
  void everyServiceAddsWeb() {
    Dora d = Dora.of(store, null, "prod", T0, UNTIL);
    assertThat(d.deployments()).isEqualTo(5);
    assertThat(d.medianLeadTimeMs()).isEqualTo(3 * HOUR); // 1h 2h 3h 3h 5h
    assertThat(d.changes()).isEqualTo(7);
    assertThat(d.changeFailureRate()).isEqualTo(0.429); // 3 of 7
  }

  @Test
  void stagingCountsItsOwnRollback() {
    Dora d = Dora.of(store, "api", "staging", T0, UNTIL);
    assertThat(d.deployments()).isEqualTo(1);
    assertThat(d.changes()).isEqualTo(1);
    assertThat(d.failures()).isEqualTo(1);
    assertThat(d.medianTimeToRestoreMs()).isEqualTo(2 * HOUR);
    assertThat(d.medianLeadTimeMs()).isEqualTo(1 * HOUR); // committed +90h, live in staging +91h
  }

  @Test
  void aShorterPeriodSeesOnlyWhatStartedInIt() {
    // from day 3 (+72h): d5 live, d4 restored by it; d8 unrestored; d4 started at +70h is outside
    Dora d = Dora.of(store, "api", "prod", h(72), UNTIL);
    assertThat(d.deployments()).isEqualTo(1);
    assertThat(d.changes()).isEqualTo(2);
    assertThat(d.failures()).isEqualTo(1);
    assertThat(d.unrestored()).isEqualTo(1);
    assertThat(d.medianTimeToRestoreMs()).isNull();
    assertThat(d.deploymentsPerDay()).isEqualTo(0.143); // 1 in 7 days
  }

  @Test
  void emptyPeriodHasNoFigures() {
    Dora d = Dora.of(store, "nobody", "prod", null, UNTIL);
    assertThat(d.since()).isEqualTo(UNTIL.minus(Dora.DEFAULT_PERIOD));
    assertThat(d.deployments()).isZero();
    assertThat(d.deploymentsPerDay()).isEqualTo(0.0);
    assertThat(d.medianLeadTimeMs()).isNull();
    assertThat(d.changeFailureRate()).isNull();
    assertThat(d.medianTimeToRestoreMs()).isNull();
  }

  @Test
  void theHistorySummaryCarriesTheFourKeysBesideTheOldFields() {
    HistoryReport r = HistoryReport.of(store.history(dev.deploypipeline.store.HistoryQuery.all(50)))
        .withDora(Dora.of(store, "api", null, T0, UNTIL));
    Map<String, Object> view = Views.history(r);
    @SuppressWarnings("unchecked") Map<String, Object> summary = (Map<String, Object>) view.get("summary");
    assertThat(summary).containsKeys("count", "completed", "failed", "rolledBack", "successRate", "dora");
    assertThat(summary.get("dora").toString()).contains("environment=prod", "deployments=4", "perDay=0.4",
        "medianMs=10800000", "rate=0.5", "failures=3", "changes=6", "medianMs=9000000", "unrestored=1");
  }

  private static Instant h(long hours) {
    return T0.plus(Duration.ofHours(hours));
  }

  private static Release prod(Instant deployedAt) {
    return new Release("prod", deployedAt, null, null, null);
  }

  /** A deployment committed at {@code commitAt}, started at {@code created}, last changed at {@code updated}. */
  private void save(String service, Instant commitAt, Instant created, State state, Release release, Instant updated) {
    store.write(w -> {
      Deployment d = Deployment.create(w.nextId(), service, "main", "c0ffee", "c0ffee", "tester", created)
          .withCommitAt(commitAt);
      if (release != null) d = d.withRelease(release, updated);
      if (state == State.COMPLETED) d = d.withApproval(new Approval("approve", "boss", null, created, updated), updated);
      return w.save(d.withState(state, updated));
    });
  }

  private void saveFailedInProd(String service, Instant commitAt, Instant created, Instant failedAt) {
    store.write(w -> w.save(Deployment.create(w.nextId(), service, "main", "bad", "bad", "tester", created)
        .withCommitAt(commitAt)
        .withRelease(new Release("prod", null, null, null, null), failedAt)
        .withStage(new StageRun("deploy-prod", StageRun.FAILED, "local", failedAt.minusSeconds(60), failedAt,
            List.of(), null, Map.of()), failedAt)
        .withState(State.FAILED, failedAt.plusSeconds(5))));
  }
}
