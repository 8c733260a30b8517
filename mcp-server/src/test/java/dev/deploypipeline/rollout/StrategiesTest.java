package dev.deploypipeline.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.router.Upstream;
import dev.deploypipeline.store.AuditEntry;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Rollout;
import dev.deploypipeline.workflow.RolloutPhase;
import dev.deploypipeline.workflow.State;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StrategiesTest {
  @TempDir Path dir;

  static final PipelineConfig BLUE_GREEN = Rig.config("""
      "router": {"type": "haproxy"},
      "strategy": {"type": "blue-green", "keepOldFor": "5m",
        "analysis": {"interval": "1s", "count": 2, "minRequests": 20}}""");

  @Test
  void blueGreenVerifiesTheIdleColourSwitchesOnceAndKeepsTheOldColourWarm() throws Exception {
    Rig rig = new Rig(dir);
    rig.deploy("v1", BLUE_GREEN);
    int before = rig.router.splits.size();

    Deployment v2 = rig.deploy("v2", BLUE_GREEN);

    assertThat(v2.state()).isEqualTo(State.COMPLETED);
    List<List<Upstream>> splits = rig.router.splits.subList(before, rig.router.splits.size());
    assertThat(splits).hasSize(1);
    assertThat(rig.router.percent(splits.get(0), "v2")).isEqualTo(100);
    Rollout r = Rig.rollout(v2);
    assertThat(r.verdicts()).extracting(Rollout.Verdict::at).containsExactly("pre-promotion", "post-promotion");
    // Pre-promotion has no traffic to judge: only health and version were measured.
    assertThat(r.verdicts().get(0).metrics()).extracting(Rollout.Metric::name).containsExactly("health", "version");
    assertThat(r.verdicts().get(1).metrics()).extracting(Rollout.Metric::name).contains("error-rate");
    assertThat(r.instances()).filteredOn(m -> m.role().equals("new")).extracting(Rollout.Member::slot)
        .allMatch(s -> s.startsWith("blue") || s.startsWith("green"));
    assertThat(r.warmUntil()).isEqualTo(rig.clock.instant().plusSeconds(300));
    assertThat(rig.target.runningVersions()).containsExactly("v1", "v1", "v2", "v2");
  }

  @Test
  void blueGreenRollbackIsOneSwitchBackToTheWarmColour() throws Exception {
    Rig rig = new Rig(dir);
    rig.deploy("v1", BLUE_GREEN);
    Deployment v2 = rig.deploy("v2", BLUE_GREEN);
    int started = rig.target.started.size();
    int before = rig.router.splits.size();

    Deployment back = rig.rollback(v2.id(), BLUE_GREEN, null, null);

    assertThat(back.state()).isEqualTo(State.ROLLED_BACK);
    assertThat(rig.target.started).hasSize(started);
    assertThat(rig.router.splits).hasSize(before + 1);
    assertThat(rig.router.percent(rig.router.current(), "v1")).isEqualTo(100);
    assertThat(rig.target.runningVersions()).containsExactly("v1", "v1");
    Rollout.Rollback b = Rig.rollout(back).rollback();
    assertThat(b.kind()).isEqualTo("switch");
    assertThat(b.toVersion()).isEqualTo("v1");
    assertThat(b.durationMs()).isEqualTo(40);
    assertThat(back.stage("rollback-prod")).hasValueSatisfying(st -> {
      assertThat(st.executor()).isEqualTo("rollout-switch");
      assertThat(st.durationMs()).isEqualTo(40);
    });
    var history = rig.store.history(new dev.deploypipeline.store.HistoryQuery("svc", null, null, null, 10));
    assertThat(history.get(0).stageDurationsMs()).containsEntry("rollback-prod", 40L);
    AuditEntry rb = rig.store.audit(v2.id()).stream().filter(a -> a.event().equals("ROLLBACK")).findFirst()
        .orElseThrow();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> moves = (List<Map<String, Object>>) rb.details().get("rollbacks");
    assertThat(moves).singleElement().satisfies(m -> {
      assertThat(m).containsEntry("kind", "switch").containsEntry("environment", "prod");
      assertThat(m).containsKey("rollbackMs");
    });
  }

  @Test
  void aRollbackToANamedVersionRedeploysIt() throws Exception {
    Rig rig = new Rig(dir);
    rig.deploy("v1", BLUE_GREEN);
    rig.deploy("v2", BLUE_GREEN);
    Deployment v3 = rig.deploy("v3", BLUE_GREEN);

    Deployment back = rig.rollback(v3.id(), BLUE_GREEN, "prod", "v1");

    assertThat(back.state()).isEqualTo(State.ROLLED_BACK);
    assertThat(rig.router.percent(rig.router.current(), "v1")).isEqualTo(100);
    assertThat(rig.target.runningVersions()).containsExactly("v1", "v1");
    assertThat(Rig.rollout(back).rollback().kind()).isEqualTo("redeploy");
    // The next deploy adopts what the router serves now, the redeployed v1, as its stable.
    Deployment v4 = rig.deploy("v4", BLUE_GREEN);
    assertThat(Rig.rollout(v4).stableVersion()).isEqualTo("v1");
  }

  @Test
  void recreateStopsTheOldBeforeStartingTheNew() throws Exception {
    PipelineConfig recreate = Rig.config("""
        "strategy": {"type": "recreate", "analysis": {"interval": "1s", "count": 1}}""");
    Rig rig = new Rig(dir);
    rig.deploy("v1", recreate);
    int started = rig.target.started.size();

    Deployment v2 = rig.deploy("v2", recreate);

    assertThat(v2.state()).isEqualTo(State.COMPLETED);
    assertThat(rig.target.stopped).hasSize(2);
    assertThat(rig.target.started).hasSize(started + 2);
    assertThat(rig.target.runningVersions()).containsExactly("v2", "v2");
    assertThat(rig.router.splits).isEmpty();
    // Without a router only the instances' own answers are judged.
    assertThat(Rig.rollout(v2).verdicts().get(0).metrics()).extracting(Rollout.Metric::name)
        .containsExactly("health", "version");
  }

  @Test
  void rollingNeverServesFromFewerThanInstancesMinusMaxUnavailable() throws Exception {
    for (int maxUnavailable : new int[] {0, 1}) {
      Rig rig = new Rig(dir.resolve("u" + maxUnavailable));
      PipelineConfig rolling = Rig.config("""
          "router": {"type": "caddy"},
          "strategy": {"type": "rolling", "batchSize": 1, "maxUnavailable": %d,
            "analysis": {"interval": "1s", "count": 1, "minRequests": 10}}""".formatted(maxUnavailable));
      rig.deploy("v1", rolling);
      int before = rig.router.splits.size();

      Deployment v2 = rig.deploy("v2", rolling);

      assertThat(v2.state()).isEqualTo(State.COMPLETED);
      List<List<Upstream>> splits = rig.router.splits.subList(before, rig.router.splits.size());
      assertThat(splits).extracting(List::size).allMatch(n -> n >= 2 - maxUnavailable);
      assertThat(splits.stream().mapToInt(List::size).min().orElseThrow()).isEqualTo(2 - maxUnavailable);
      assertThat(rig.router.percent(rig.router.current(), "v2")).isEqualTo(100);
      assertThat(rig.target.runningVersions()).containsExactly("v2", "v2");
      assertThat(Rig.rollout(v2).phase()).isEqualTo(RolloutPhase.PROMOTED);
    }
  }

  @Test
  void aWrongVersionAnsweringFailsVerificationBeforeAnyTrafficMoves() throws Exception {
    Rig rig = new Rig(dir);
    rig.deploy("v1", BLUE_GREEN);
    rig.probe.versionOverride.put("v2", "v1-stale");
    int before = rig.router.splits.size();

    Deployment v2 = rig.deploy("v2", BLUE_GREEN);

    assertThat(v2.state()).isEqualTo(State.ROLLED_BACK);
    Rollout.Verdict v = Rig.rollout(v2).verdicts().get(0);
    assertThat(v.at()).isEqualTo("pre-promotion");
    assertThat(v.failingCheck()).isEqualTo("version");
    // Stable never lost traffic: the only split written is the abort's confirmation of stable.
    assertThat(rig.router.splits.subList(before, rig.router.splits.size()))
        .allMatch(s -> rig.router.percent(s, "v1") == 100);
    assertThat(rig.target.runningVersions()).containsExactly("v1", "v1");
  }
}
