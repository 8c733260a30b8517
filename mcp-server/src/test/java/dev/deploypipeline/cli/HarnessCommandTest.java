package dev.deploypipeline.cli;

import dev.deploypipeline.testutil.CliProcess;
import dev.deploypipeline.testutil.CliProcess.Run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.harness.FakeHarnessServer;
import dev.deploypipeline.harness.FakeHarnessServer.Script;
import dev.deploypipeline.harness.FakeTime;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `harness trigger|status` as a user runs them: a real CLI process, the key in its environment, a loopback Harness. */
class HarnessCommandTest {
  @TempDir Path dir;
  FakeHarnessServer fake;

  @BeforeEach
  void setUp() throws Exception {
    fake = new FakeHarnessServer(new FakeTime());
    Files.createDirectories(dir.resolve(".claude"));
    Files.writeString(dir.resolve(".claude/deployment-config.json"), """
        {"service":"svc","executor":"harness",
         "stages":{"validate":{"skip":true},"build":{},"test":{}},
         "environments":{"dev":{"deploy":{}},"staging":{"deploy":{}},"prod":{"deploy":{}}},
         "harness":{"orgId":"default","projectId":"payments","baseUrl":"%s","pollInitialSeconds":1}}
        """.formatted(fake.baseUrl()));
  }

  @AfterEach
  void tearDown() {
    fake.close();
  }

  Run cli(boolean withKey, String... args) throws Exception {
    return CliProcess.run(dir, e -> {
      e.remove("HARNESS_API_KEY");
      if (withKey) e.put("HARNESS_API_KEY", FakeHarnessServer.KEY);
    }, args);
  }

  @Test
  void triggerWaitsForSuccessAndStatusReadsItBack() throws Exception {
    fake.pipeline("deploy-dev", Script.of("Running", "Success"));
    Run r = cli(true, "harness", "trigger", "deploy-dev", "-i", "version=1.2.3", "--wait", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"status\" : \"Success\"").contains("\"succeeded\" : true")
        .contains(fake.baseUrl() + "/ng/account/" + FakeHarnessServer.ACCOUNT);
    assertThat(fake.executes()).hasSize(1);
    assertThat(fake.executes().get(0).body()).contains("version").contains("1.2.3");
    String id = r.out().replaceAll("(?s).*\"executionId\" : \"([^\"]+)\".*", "$1");

    Run s = cli(true, "harness", "status", id);
    assertThat(s.exit()).as(s.err()).isZero();
    assertThat(s.out()).contains("Success");
    assertThat(r.out() + r.err() + s.out() + s.err()).doesNotContain(FakeHarnessServer.KEY);
  }

  @Test
  void aFailedExecutionExitsOneAndAMissingKeyExitsTwoNamingTheVariable() throws Exception {
    fake.pipeline("deploy-staging", Script.of("Running", "Failed").failingAt("canary", "5xx above threshold"));
    Run failed = cli(true, "harness", "trigger", "deploy-staging", "--wait");
    assertThat(failed.exit()).isEqualTo(1);
    assertThat(failed.out()).contains("canary");

    Run noKey = cli(false, "harness", "trigger", "deploy-staging");
    assertThat(noKey.exit()).isEqualTo(2);
    assertThat(noKey.err()).contains("HARNESS_API_KEY");
    assertThat(fake.executes()).hasSize(1);
  }

  @Test
  void prodPipelinesAndOtherProjectsAreRefusedWithTheCliNextStep() throws Exception {
    fake.pipeline("deploy-prod", Script.of("Success"));
    Run prod = cli(true, "harness", "trigger", "deploy-prod");
    assertThat(prod.exit()).isEqualTo(2);
    assertThat(prod.err()).contains("pipeline 'deploy-prod' deploys or rolls back prod, which requires approval")
        .contains("next: run: deployment-pipeline deploy start svc");
    Run other = cli(true, "harness", "trigger", "deploy-dev", "--org", "elsewhere");
    assertThat(other.exit()).isEqualTo(2);
    assertThat(other.err()).contains("org 'elsewhere' is not the configured harness.orgId");
    assertThat(fake.executes()).isEmpty();
  }
}
