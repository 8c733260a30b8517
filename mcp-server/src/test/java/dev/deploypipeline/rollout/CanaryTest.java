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
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanaryTest {
  @TempDir Path dir;

  static final PipelineConfig CANARY = Rig.config("""
      "router": {"type": "caddy"},
      "strategy": {"type": "canary",
        "steps": [{"weight": 10, "pause": "30s"}, {"weight": 25}, {"weight": 50}, {"weight": 100}],
        "analysis": {"interval": "2s", "count": 3, "minRequests": 20, "maxErrorRate": 0.05,
                     "maxErrorRateVsStable": 2.0, "maxP95Ms": 500}}""");

  @Test
  void aGoodCanaryGoesThroughEveryStepAndBecomesStable() throws Exception {
    Rig rig = new Rig(dir);
    Deployment v1 = rig.deploy("v1", CANARY);
    assertThat(v1.state()).isEqualTo(State.COMPLETED);
    int firstSplits = rig.router.splits.size();

    Deployment v2 = rig.deploy("v2", CANARY);

    assertThat(v2.state()).isEqualTo(State.COMPLETED);
    List<List<Upstream>> splits = rig.router.splits.subList(firstSplits, rig.router.splits.size());
    assertThat(splits).extracting(s -> rig.router.percent(s, "v2")).containsExactly(10, 25, 50, 100);
    assertThat(splits.get(0)).hasSize(4);
    assertThat(splits.get(3)).extracting(Upstream::weight).containsOnly(1);
    Rollout r = Rig.rollout(v2);
    assertThat(r.phase()).isEqualTo(RolloutPhase.PROMOTED);
    assertThat(r.stableVersion()).isEqualTo("v1");
    assertThat(r.verdicts()).extracting(Rollout.Verdict::at)
        .containsExactly("step-1@10%", "step-2@25%", "step-3@50%", "step-4@100%");
    assertThat(r.verdicts()).extracting(Rollout.Verdict::verdict).containsOnly("successful");
    assertThat(rig.target.runningVersions()).containsExactly("v2", "v2");
    assertThat(rig.sleeps).contains(Duration.ofSeconds(30));
    assertThat(rig.progress).contains("ROLLOUT_STEP", "ROLLOUT_ROUTED", "ROLLOUT_PASSED", "ROLLOUT_COMPLETE");
  }

  @Test
  void aBadCanaryAbortsAtTheFirstAnalysisAndStableGetsAllTrafficBack() throws Exception {
    Rig rig = new Rig(dir);
    rig.deploy("v1", CANARY);
    rig.router.failRateByVersion.put("v2", 0.20);

    Deployment v2 = rig.deploy("v2", CANARY);

    assertThat(v2.state()).isEqualTo(State.ROLLED_BACK);
    List<Upstream> last = rig.router.splits.get(rig.router.splits.size() - 1);
    assertThat(rig.router.percent(last, "v1")).isEqualTo(100);
    assertThat(rig.router.current()).isEqualTo(last);
    assertThat(rig.target.runningVersions()).containsExactly("v1", "v1");
    Rollout r = Rig.rollout(v2);
    assertThat(r.phase()).isEqualTo(RolloutPhase.ABORTED);
    assertThat(r.verdicts()).hasSize(1);
    Rollout.Verdict v = r.verdicts().get(0);
    assertThat(v.at()).isEqualTo("step-1@10%");
    assertThat(v.verdict()).isEqualTo("failed");
    assertThat(v.failingCheck()).isEqualTo("error-rate");
    Rollout.Metric errorRate = v.metrics().stream().filter(m -> m.name().equals("error-rate")).findFirst()
        .orElseThrow();
    assertThat(errorRate.measured()).containsEntry("errorRate", 0.2).containsEntry("responses", 40);
    assertThat(v2.rollbackReason()).contains("error-rate").contains("20.0 %").contains("back on v1");
    // The abort stopped at the first failed measurement: one interval, not the whole window.
    assertThat(r.instances()).filteredOn(m -> m.role().equals("new")).allMatch(Rollout.Member::stopped);
    List<AuditEntry> audit = rig.store.audit(v2.id());
    AuditEntry rollback = audit.stream().filter(a -> a.event().equals("ROLLBACK")).findFirst().orElseThrow();
    assertThat(rollback.details()).containsEntry("failingCheck", "error-rate").containsEntry("verdict", "failed")
        .containsEntry("error-rate.errorRate", 0.2);
    // Traffic went back to stable before the canary was stopped.
    List<String> events = audit.stream().map(AuditEntry::event).toList();
    assertThat(events.lastIndexOf("ROLLOUT_ROUTED")).isLessThan(events.lastIndexOf("ROLLOUT_INSTANCE_STOPPED"));
  }

  @Test
  void killedMidCanaryTheNextServerRestoresStable() throws Exception {
    Rig rig = new Rig(dir);
    rig.deploy("v1", CANARY);
    // The server dies during the second step's analysis: no cleanup runs, traffic stays split.
    int[] sleepsBeforeCrash = {0};
    rig.beforeSleep = () -> {
      if (rig.router.splits.size() >= 3 && ++sleepsBeforeCrash[0] == 2) throw new Crash();
    };
    String id;
    try {
      rig.deploy("v2", CANARY);
      throw new AssertionError("expected the crash");
    } catch (Crash expected) {
      id = rig.store.history(new dev.deploypipeline.store.HistoryQuery("svc", null, null, null, 1)).get(0).id();
    }
    Deployment mid = rig.store.find(id).orElseThrow();
    assertThat(mid.state()).isEqualTo(State.DEPLOYING_PROD);
    assertThat(Rig.rollout(mid).phase()).isIn(RolloutPhase.VERIFYING, RolloutPhase.PROMOTING);
    assertThat(rig.router.percent(rig.router.current(), "v2")).isEqualTo(25);

    rig.beforeSleep = () -> {};
    rig.restart();
    Deployment after = rig.runner.drive(id, CANARY);

    assertThat(after.state()).isEqualTo(State.ROLLED_BACK);
    assertThat(rig.router.percent(rig.router.current(), "v1")).isEqualTo(100);
    assertThat(rig.target.runningVersions()).containsExactly("v1", "v1");
    assertThat(after.rollbackReason()).contains("stopped while it was").contains("back on v1");
    assertThat(Rig.rollout(after).phase()).isEqualTo(RolloutPhase.ABORTED);
  }

  @Test
  void tooFewRequestsIsInconclusiveAndParksForAHumanNeverAPass() throws Exception {
    Rig rig = new Rig(dir);
    rig.deploy("v1", CANARY);
    rig.router.load = 100; // 10 % of 100 = 10 requests per interval, under minRequests 20

    Deployment v2 = rig.deploy("v2", CANARY);

    assertThat(v2.state()).isEqualTo(State.DEPLOYING_PROD);
    Rollout r = Rig.rollout(v2);
    assertThat(r.phase()).isEqualTo(RolloutPhase.PAUSED);
    assertThat(r.waitingFor()).isEqualTo("inconclusive");
    assertThat(r.verdicts().get(0).verdict()).isEqualTo("inconclusive");
    assertThat(rig.router.percent(rig.router.current(), "v2")).isEqualTo(10);
  }

  /** An Error, like a kill -9: no catch block in the engine runs. */
  @Test
  void aStepUntilApprovedParksThenAHumanApprovalLetsItGoOn() throws Exception {
    PipelineConfig gated = Rig.config("""
        "router": {"type": "caddy"},
        "strategy": {"type": "canary", "steps": [{"weight": 20, "pause": "untilApproved"}, {"weight": 100}],
          "analysis": {"interval": "2s", "count": 2, "minRequests": 20}}""");
    Rig rig = new Rig(dir);
    rig.deploy("v1", gated);

    Deployment parked = rig.deploy("v2", gated);

    assertThat(parked.state()).isEqualTo(State.DEPLOYING_PROD);
    assertThat(Rig.rollout(parked).waitingFor()).isEqualTo("approval");
    assertThat(Rig.rollout(parked).verdicts()).isEmpty();
    assertThat(rig.router.percent(rig.router.current(), "v2")).isEqualTo(20);
    assertThat(dev.deploypipeline.engine.ProgressiveStage.parked(parked)).contains("prod");
    // The next server finds it parked, not abandoned: it leaves it for the human.
    rig.restart();
    assertThat(rig.runner.drive(parked.id(), gated).state()).isEqualTo(State.DEPLOYING_PROD);
    assertThat(rig.router.percent(rig.router.current(), "v2")).isEqualTo(20);

    rig.runner.progressive().approveStep(parked.id(), "prod", "carol@example.com");
    Deployment done = rig.runner.drive(parked.id(), gated);

    assertThat(done.state()).isEqualTo(State.COMPLETED);
    assertThat(Rig.rollout(done).verdicts()).extracting(Rollout.Verdict::at)
        .containsExactly("step-1@20%", "step-2@100%");
    assertThat(rig.store.audit(parked.id())).anySatisfy(a -> {
      assertThat(a.event()).isEqualTo("ROLLOUT_RESUME");
      assertThat(a.actor()).isEqualTo("carol@example.com");
    });
  }

  @Test
  void anInconclusiveStepAcceptedByAHumanPromotesAndKeepsTheVerdictAsItWas() throws Exception {
    Rig rig = new Rig(dir);
    rig.deploy("v1", CANARY);
    rig.router.load = 100;
    Deployment parked = rig.deploy("v2", CANARY);
    rig.router.load = 400;

    rig.runner.progressive().approveStep(parked.id(), "prod", "carol@example.com");
    Deployment done = rig.runner.drive(parked.id(), CANARY);

    assertThat(done.state()).isEqualTo(State.COMPLETED);
    Rollout.Verdict first = Rig.rollout(done).verdicts().get(0);
    assertThat(first.verdict()).isEqualTo("inconclusive");
    assertThat(first.approvedBy()).isEqualTo("carol@example.com");
    assertThat(Rig.rollout(done).verdicts()).hasSize(4);
  }

  static final class Crash extends Error {}
}
