package dev.deploypipeline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.app.App;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.store.AuditEntry;
import dev.deploypipeline.testutil.RecordingSleeper;
import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.testutil.TestProjects;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Lease;
import dev.deploypipeline.workflow.PipelineListener;
import dev.deploypipeline.workflow.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A driver that another instance took over while a stage ran (it missed a heartbeat window, so the other judged it
 * dead) stops: it records neither the stage's outcome nor the next transition, and starts no further stage.
 */
class LeaseFencingTest {
  @TempDir Path dir;
  final TestClock clock = TestClock.at("2026-12-06T10:00:00Z");

  @Test
  void aDriverWhoseDeploymentWasTakenOverMidStageStopsWithoutWriting() throws Exception {
    TestProjects.gitProject(dir, TestProjects.config("true", "echo build >> runs.log", "echo test >> runs.log",
        "echo deploy >> runs.log", "true", null));
    AtomicReference<DeploymentService> service = new AtomicReference<>();
    Lease other = new Lease("team-b", 4242, clock.instant());
    // When building starts, instance team-b takes the deployment over (as its claim would, in one write).
    PipelineListener takeover = new PipelineListener() {
      @Override
      public void stageStarted(Deployment d, String stage, int attempt) {
        if (stage.equals("building")) {
          service.get().store().write(w -> w.save(w.get(d.id()).orElseThrow().withLease(other)));
        }
      }
    };
    service.set(App.service(dir, Map.of("DEPLOY_PIPELINE_USER", "alice@example.com"), clock,
        new RecordingSleeper(clock), List.of(takeover)));
    DeploymentService s = service.get();
    Deployment d = s.start("svc", "main", null, "alice@example.com");

    Deployment after = s.drive(d.id());

    assertThat(Files.readAllLines(dir.resolve("runs.log"))).as("the build ran, nothing after it")
        .containsExactly("build");
    assertThat(after.state()).as("the outcome is the new driver's to record").isEqualTo(State.BUILDING);
    assertThat(after.stage("building").orElseThrow().status()).isEqualTo("running");
    assertThat(after.lease()).isEqualTo(other);
    assertThat(s.store().audit(d.id())).extracting(AuditEntry::event)
        .containsExactly("CREATED", "START", "STAGE_ATTEMPT", "VALIDATION_COMPLETE");
    assertThat(s.store().verifyAudit().intact()).isTrue();
  }

  @Test
  void theWriteThatReachesTheGateAlsoLetsGoOfTheLease() throws Exception {
    TestProjects.gitProject(dir, TestProjects.config("true", "true", "true", "true", "true", null));
    List<Lease> atTheGate = new java.util.ArrayList<>();
    PipelineListener listener = new PipelineListener() {
      @Override
      public void transitioned(Deployment after, State from, dev.deploypipeline.workflow.Event event, String actor) {
        if (after.state() == State.AWAITING_APPROVAL) atTheGate.add(after.lease());
      }
    };
    DeploymentService s = App.service(dir, Map.of("DEPLOY_PIPELINE_USER", "alice@example.com"), clock,
        new RecordingSleeper(clock), List.of(listener));
    Deployment d = s.start("svc", "main", null, "alice@example.com");

    assertThat(s.drive(d.id()).state()).isEqualTo(State.AWAITING_APPROVAL);
    // An approver on another instance may drive on the moment it sees the gate: no lease may be left to refuse it.
    assertThat(atTheGate).hasSize(1).containsOnlyNulls();
  }
}
