package dev.deploypipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.app.App;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.testutil.HelmBinary;
import dev.deploypipeline.testutil.RecordingSleeper;
import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.testutil.TestProjects;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.StageRun;
import dev.deploypipeline.workflow.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole deployments through {@link App#service} with the helm executor, and a fake {@code helm} on the PATH the
 * server was given (no cluster can run here): the exact command lines, and the automatic rollback when an upgrade
 * fails. The checks before each deploy run on the real helm against a copy of examples/helm.
 */
class HelmDeploymentTest {
  static final String CONFIG = """
      {"service":"members","executor":"local",
       "stages":{"validate":{"executor":"helm"},"build":{"command":"true"},"test":{"command":"true"}},
       "environments":{
         "dev":{"deploy":{"executor":"helm"},"rollback":{"executor":"helm"}},
         "staging":{"deploy":{"executor":"helm"},"rollback":{"executor":"helm"}},
         "prod":{"deploy":{"executor":"helm"},"rollback":{"executor":"helm"},"requiresApproval":false}},
       "helm":{"chart":"chart","timeoutSeconds":120,"requiredSecrets":["members-db"],"environments":{
         "dev":{"namespace":"development","values":["values-dev.yaml"],"existingSecrets":["members-db","members-session"]},
         "staging":{"namespace":"staging","values":["values-staging.yaml"],"existingSecrets":["members-db","members-session"]},
         "prod":{"namespace":"production","values":["values-prod.yaml"],"test":false,"existingSecrets":["members-db","members-session"]}}}}
      """;

  @TempDir Path dir;
  @TempDir Path bin;
  FakeHelm helm;
  DeploymentService service;

  @BeforeEach
  void project() throws Exception {
    helm = new FakeHelm(bin, HelmBinary.require());
    HelmBinary.copyExample(dir);
    TestProjects.gitProject(dir, CONFIG);
    TestClock clock = TestClock.at("2026-03-02T10:00:00Z");
    service = App.service(dir, Map.of("PATH", bin + ":" + System.getenv("PATH"), "HOME", dir.toString(),
        "DEPLOY_PIPELINE_USER", "alice@example.com"), clock, new RecordingSleeper(clock), List.of());
  }

  private Deployment deploy() throws InterruptedException {
    return service.drive(service.start("members", "main", null, "alice@example.com").id());
  }

  private static String upgrade(String ns, String env, Deployment d) {
    return "upgrade --install members chart -n " + ns + " -f values-" + env + ".yaml --rollback-on-failure --wait "
        + "--timeout 120s --description deployment-pipeline version=" + d.version() + " deployment=" + d.id();
  }

  @Test
  void firstInstallsRunTheExactCommandLinesAndTheChecksBeforeEachDeploy() throws Exception {
    Deployment d = deploy();

    assertThat(d.state()).isEqualTo(State.COMPLETED);
    assertThat(helm.releaseCalls()).containsExactly(
        "history members -n development --max 20 -o json",
        upgrade("development", "dev", d),
        "test members -n development --timeout 120s",
        "history members -n development --max 20 -o json",
        "history members -n staging --max 20 -o json",
        upgrade("staging", "staging", d),
        "test members -n staging --timeout 120s",
        "history members -n staging --max 20 -o json",
        "history members -n production --max 20 -o json",
        upgrade("production", "prod", d),
        "history members -n production --max 20 -o json");
    // validate lints every environment; each deploy lints and renders its own values first.
    assertThat(helm.allCalls()).filteredOn(c -> c.startsWith("lint ")).hasSize(6);
    assertThat(helm.allCalls()).contains("template members chart --namespace production -f values-prod.yaml");
    assertThat(d.stage("deploying-prod").orElseThrow().external())
        .containsEntry("helmRelease", "members").containsEntry("helmNamespace", "production")
        .containsEntry("helmRevision", "1").doesNotContainKey("helmPreviousRevision");
    assertThat(service.store().logFile(d.id(), "validating")).content()
        .contains("valid: 0 error(s), 0 warning(s) in chart chart for dev, staging, prod");
  }

  @Test
  void aFailedUpgradeRollsTheReleaseBackToThePreviousRevisionAutomatically() throws Exception {
    helm.history("staging", "1|deployed|deployment-pipeline version=0a1b2c3d4e5f deployment=d-earlier");
    helm.fail("fail-upgrade", "staging");

    Deployment d = deploy();

    assertThat(d.state()).isEqualTo(State.FAILED);
    StageRun staging = d.stage("deploying-staging").orElseThrow();
    assertThat(staging.status()).isEqualTo(StageRun.FAILED);
    assertThat(staging.attempts().get(staging.attempts().size() - 1).error())
        .isEqualTo("helm upgrade exited with 1; rolled back to revision 1");
    assertThat(helm.releaseCalls()).filteredOn(c -> c.contains("-n staging")).containsExactly(
        "history members -n staging --max 20 -o json",
        upgrade("staging", "staging", d),
        "history members -n staging --max 20 -o json",
        "rollback members 1 -n staging --wait --timeout 120s");
    assertThat(helm.history("staging")).last().isEqualTo("3|deployed|Rollback to 1");
    assertThat(helm.releaseCalls()).noneMatch(c -> c.contains("-n production"));
    assertThat(service.store().logFile(d.id(), "deploying-staging")).content()
        .contains("Error: UPGRADE FAILED: context deadline exceeded", "$ helm rollback members 1 -n staging");
  }

  @Test
  void whenHelmAlreadyRolledBackOnFailureItIsNotRolledBackTwice() throws Exception {
    helm.history("development", "1|deployed|deployment-pipeline version=0a1b2c3d4e5f deployment=d-earlier");
    helm.fail("fail-upgrade-rolled-back", "development");

    Deployment d = deploy();

    assertThat(d.state()).isEqualTo(State.FAILED);
    assertThat(d.stage("deploying-dev").orElseThrow().attempts().get(0).error())
        .isEqualTo("helm upgrade exited with 1; helm already rolled back to revision 1");
    assertThat(helm.releaseCalls()).noneMatch(c -> c.startsWith("rollback"));
  }

  @Test
  void aFailedHelmTestAlsoRollsBack() throws Exception {
    helm.history("development", "1|deployed|deployment-pipeline version=0a1b2c3d4e5f deployment=d-earlier");
    helm.fail("fail-test", "development");

    Deployment d = deploy();

    assertThat(d.stage("deploying-dev").orElseThrow().attempts().get(0).error())
        .isEqualTo("helm test exited with 1; rolled back to revision 1");
    assertThat(helm.releaseCalls()).contains("rollback members 1 -n development --wait --timeout 120s");
  }

  @Test
  void aBrokenChartStopsTheDeployBeforeAnyUpgrade() throws Exception {
    Files.writeString(dir.resolve("values-staging.yaml"), "replicaCount: zero\n");
    Deployment d = deploy();

    assertThat(d.state()).isEqualTo(State.FAILED);
    assertThat(d.stage("validating").orElseThrow().attempts().get(0).error())
        .startsWith("helm checks found 1 error(s), first: values-staging.yaml:1  error  values-schema  replicaCount: "
            + "got string, want integer [staging]");
    assertThat(helm.releaseCalls()).isEmpty();
  }

  @Test
  void rollingBackADeploymentReturnsEachEnvironmentToTheRevisionThatCarriedThePreviousVersion() throws Exception {
    Deployment first = deploy();
    TestProjects.commit(dir, "second");
    Deployment second = deploy();
    assertThat(second.state()).isEqualTo(State.COMPLETED);
    Files.delete(bin.resolve("calls.log"));

    Deployment back = service.rollback(second.id(), "bad release", "alice@example.com");

    assertThat(back.state()).isEqualTo(State.ROLLED_BACK);
    assertThat(helm.releaseCalls()).containsExactly(
        "history members -n production --max 20 -o json",
        "rollback members 1 -n production --wait --timeout 120s",
        "history members -n staging --max 20 -o json",
        "rollback members 1 -n staging --wait --timeout 120s",
        "history members -n development --max 20 -o json",
        "rollback members 1 -n development --wait --timeout 120s");
    assertThat(helm.history("production")).containsExactly(
        "1|superseded|deployment-pipeline version=" + first.version() + " deployment=" + first.id(),
        "2|superseded|deployment-pipeline version=" + second.version() + " deployment=" + second.id(),
        "3|deployed|Rollback to 1");
  }
}
