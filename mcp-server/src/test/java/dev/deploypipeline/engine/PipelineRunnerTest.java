package dev.deploypipeline.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.deploypipeline.app.App;
import dev.deploypipeline.deploy.DeployException;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.store.AuditEntry;
import dev.deploypipeline.testutil.RecordingSleeper;
import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.testutil.TestProjects;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Event;
import dev.deploypipeline.workflow.Failure;
import dev.deploypipeline.workflow.PipelineListener;
import dev.deploypipeline.workflow.State;
import dev.deploypipeline.workflow.StageRun;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine end to end on real bash commands and real files; time is a test clock, waits are recorded. */
class PipelineRunnerTest {
  @TempDir Path dir;
  final TestClock clock = TestClock.at("2026-11-25T10:00:00Z");
  final RecordingSleeper sleeper = new RecordingSleeper(clock);
  final List<String> events = new ArrayList<>();

  DeploymentService service(String config) throws Exception {
    TestProjects.gitProject(dir, config);
    PipelineListener recorder = new PipelineListener() {
      @Override
      public void transitioned(Deployment after, State from, Event event, String actor) {
        events.add(event + ":" + after.state().id());
      }

      @Override
      public void attemptFailed(Deployment d, String stage, int attempt, Failure f, boolean willRetry) {
        events.add("fail:" + stage + "#" + attempt + (willRetry ? "+retry" : ""));
      }
    };
    return App.service(dir, Map.of("DEPLOY_PIPELINE_USER", "alice@example.com"), clock, sleeper, List.of(recorder));
  }

  static String config(String build) {
    return TestProjects.config("true", build, "true", "echo \"$ENVIRONMENT $VERSION\" >> deployed.log",
        "echo \"$ENVIRONMENT back to [$PREVIOUS_VERSION]\" >> rollback.log", null);
  }

  @Test
  void runsToTheGateThenToCompletedAfterApproval() throws Exception {
    DeploymentService s = service(config("echo building $SERVICE $BRANCH $COMMIT"));
    Deployment d = s.start("svc", "main", null, "alice@example.com");
    assertThat(d.state()).isEqualTo(State.PENDING);

    d = s.drive(d.id());
    assertThat(d.state()).isEqualTo(State.AWAITING_APPROVAL);
    assertThat(d.approval().requestedAt()).isNotNull();
    assertThat(d.lease()).isNull();
    assertThat(d.stages()).extracting(StageRun::stage).containsExactly("validating", "building", "testing",
        "deploying-dev", "deploying-staging");
    assertThat(Files.readString(s.store().logFile(d.id(), "building")))
        .contains("building svc main " + d.commit());

    s.decide(d.id(), "approve", "bob@example.com", "ship it");
    d = s.drive(d.id());
    assertThat(d.state()).isEqualTo(State.COMPLETED);
    assertThat(d.approval().actor()).isEqualTo("bob@example.com");
    assertThat(Files.readAllLines(dir.resolve("deployed.log")))
        .containsExactly("dev " + d.version(), "staging " + d.version(), "prod " + d.version());
    assertThat(events).containsExactly("START:validating", "VALIDATION_COMPLETE:building", "BUILD_COMPLETE:testing",
        "TESTS_PASSED:deploying-dev", "DEV_DEPLOYED:deploying-staging", "STAGING_DEPLOYED:awaiting-approval",
        "APPROVED:deploying-prod", "PROD_DEPLOYED:completed");
    assertThat(s.audit(d.id())).extracting(AuditEntry::event).filteredOn(e -> !e.equals("STAGE_ATTEMPT"))
        .containsExactly("CREATED", "START", "VALIDATION_COMPLETE", "BUILD_COMPLETE", "TESTS_PASSED",
            "DEV_DEPLOYED", "STAGING_DEPLOYED", "APPROVED", "PROD_DEPLOYED");
    assertThat(s.store().verifyAudit().intact()).isTrue();
  }

  @Test
  void exit75TwiceThenZeroSucceedsOnTheThirdAttemptWithTwoAuditedRetries() throws Exception {
    DeploymentService s = service(config(
        "n=$(cat .count 2>/dev/null || echo 0); n=$((n+1)); echo $n > .count; echo attempt $n; [ $n -ge 3 ] || exit 75"));
    Deployment d = s.drive(s.start("svc", "main", null, "alice@example.com").id());

    assertThat(d.state()).isEqualTo(State.AWAITING_APPROVAL);
    StageRun build = d.stage("building").orElseThrow();
    assertThat(build.attempts()).extracting(a -> a.exitCode()).containsExactly(75, 75, 0);
    assertThat(build.attempts().get(1).delayBeforeMs()).isEqualTo(1000);
    assertThat(build.attempts().get(2).delayBeforeMs()).isEqualTo(2000);
    assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    List<AuditEntry> retries = s.audit(d.id()).stream().filter(e -> e.event().equals("RETRY")).toList();
    assertThat(retries).hasSize(2);
    assertThat(retries).extracting(e -> e.details().get("delayMs")).containsExactly(1000, 2000);
    assertThat(retries).extracting(AuditEntry::attempt).containsExactly(1, 2);
    assertThat(events).contains("fail:building#1+retry", "fail:building#2+retry");
  }

  @Test
  void exit1FailsAtOnceWithoutRetry() throws Exception {
    DeploymentService s = service(config("echo compile error >&2; exit 1"));
    Deployment d = s.drive(s.start("svc", "main", null, "alice@example.com").id());

    assertThat(d.state()).isEqualTo(State.FAILED);
    assertThat(d.stage("building").orElseThrow().attempts()).hasSize(1);
    assertThat(d.error()).contains("building failed").contains("exited with 1");
    assertThat(sleeper.sleeps()).isEmpty();
    assertThat(Files.readString(s.store().logFile(d.id(), "building"))).contains("compile error");
    assertThat(events).contains("fail:building#1", "FAILURE:failed");
  }

  @Test
  void aStageOverItsTimeoutIsKilledAndCountsAsTransient() throws Exception {
    String cfg = TestProjects.config("sleep 30", "true", "true", "true", "true",
        "\"retry\":{\"maxAttempts\":2,\"backoffMs\":10}").replace("\"timeoutSeconds\":30,\"idempotent\":true",
        "\"timeoutSeconds\":1,\"idempotent\":true");
    DeploymentService s = service(cfg);
    long t0 = System.nanoTime();
    Deployment d = s.drive(s.start("svc", "main", null, "alice@example.com").id());

    assertThat(d.state()).isEqualTo(State.FAILED);
    assertThat(d.stage("validating").orElseThrow().attempts()).hasSize(2);
    assertThat(d.error()).contains("timed out after 1 s");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void skippedStagesAreRecordedAndPassed() throws Exception {
    String cfg = TestProjects.config("true", "true", "true", "true", "true", null)
        .replace("\"test\":{\"command\":\"true\",\"timeoutSeconds\":30}", "\"test\":{\"skip\":true}");
    DeploymentService s = service(cfg);
    Deployment d = s.drive(s.start("svc", "main", null, "alice@example.com").id());
    assertThat(d.stage("testing").orElseThrow().status()).isEqualTo(StageRun.SKIPPED);
    assertThat(d.state()).isEqualTo(State.AWAITING_APPROVAL);
  }

  @Test
  void prodWithoutRequiredApprovalIsApprovedByPolicyAndAudited() throws Exception {
    String cfg = config("true").replace("\"prod\":{\"deploy\"", "\"prod\":{\"requiresApproval\":false,\"deploy\"");
    DeploymentService s = service(cfg);
    Deployment d = s.drive(s.start("svc", "main", null, "alice@example.com").id());
    assertThat(d.state()).isEqualTo(State.COMPLETED);
    assertThat(d.approval().actor()).isEqualTo("policy");
  }

  @Test
  void healthCheckFailureFailsTheDeployStage() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/health", ex -> {
      ex.sendResponseHeaders(503, -1);
      ex.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
      String cfg = config("true").replace("\"dev\":{\"deploy\"",
          "\"dev\":{\"healthCheck\":{\"url\":\"" + url + "\",\"timeoutSeconds\":5,\"intervalMs\":1000},\"deploy\"");
      DeploymentService s = service(cfg);
      Deployment d = s.drive(s.start("svc", "main", null, "alice@example.com").id());
      assertThat(d.state()).isEqualTo(State.FAILED);
      assertThat(d.error()).contains("health check " + url).contains("HTTP 503");
      assertThat(sleeper.sleeps()).isNotEmpty().allMatch(x -> x.equals(Duration.ofSeconds(1)));
      assertThat(d.releases()).singleElement().satisfies(r -> assertThat(r.deployedAt()).isNull());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void rollbackRunsEachReachedEnvironmentNewestFirstWithThePreviousVersion() throws Exception {
    DeploymentService s = service(config("true"));
    Deployment first = s.drive(s.start("svc", "main", null, "alice@example.com").id());
    s.decide(first.id(), "approve", "bob@example.com", null);
    first = s.drive(first.id());
    String v1 = first.version();

    TestProjects.commit(dir, "second");
    Deployment second = s.drive(s.start("svc", "main", null, "alice@example.com").id());
    s.decide(second.id(), "approve", "bob@example.com", null);
    second = s.drive(second.id());
    assertThat(second.version()).isNotEqualTo(v1);
    assertThat(second.releases()).allSatisfy(r -> assertThat(r.previousVersion()).isEqualTo(v1));

    Deployment rolled = s.rollback(second.id(), "bad latency", "carol@example.com");
    assertThat(rolled.state()).isEqualTo(State.ROLLED_BACK);
    assertThat(rolled.rollbackReason()).isEqualTo("bad latency");
    assertThat(Files.readAllLines(dir.resolve("rollback.log")))
        .containsExactly("prod back to [" + v1 + "]", "staging back to [" + v1 + "]", "dev back to [" + v1 + "]");
    AuditEntry last = s.audit(second.id()).get(s.audit(second.id()).size() - 1);
    assertThat(last.event()).isEqualTo("ROLLBACK");
    assertThat(last.actor()).isEqualTo("carol@example.com");
    assertThat(last.details()).containsEntry("reason", "bad latency");

    // A third deployment sees v1 as what runs now, because the second was rolled back.
    TestProjects.commit(dir, "third");
    Deployment third = s.drive(s.start("svc", "main", null, "alice@example.com").id());
    assertThat(third.releases()).allSatisfy(r -> assertThat(r.previousVersion()).isEqualTo(v1));
  }

  @Test
  void aFailedRollbackStepLeavesTheStateForAnotherTry() throws Exception {
    String cfg = TestProjects.config("true", "true", "true", "true", "exit 1", null);
    DeploymentService s = service(cfg);
    Deployment d = s.drive(s.start("svc", "main", null, "alice@example.com").id());
    assertThatThrownBy(() -> s.rollback(d.id(), "try", "carol@example.com"))
        .isInstanceOf(DeployException.class).hasMessageContaining("rollback of staging failed");
    assertThat(s.get(d.id()).state()).isEqualTo(State.AWAITING_APPROVAL);
  }

  @Test
  void aSecondActiveDeploymentOfTheSameServiceIsRefused() throws Exception {
    DeploymentService s = service(config("true"));
    Deployment d = s.drive(s.start("svc", "main", null, "alice@example.com").id());
    assertThatThrownBy(() -> s.start("svc", "main", null, "alice@example.com"))
        .isInstanceOf(DeployException.class).hasMessageContaining("already has an active deployment " + d.id());
  }
}
