package dev.deploypipeline.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.app.App;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.store.AuditEntry;
import dev.deploypipeline.store.Json;
import dev.deploypipeline.testutil.RecordingSleeper;
import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.testutil.TestProjects;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Route;
import dev.deploypipeline.workflow.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project and store written by the code before environments became data (main at 060c986, its CLI jar): d-1
 * completed, d-2 rolled back, d-3 failed in the build, d-4 waiting at the prod gate. The fixture holds the store
 * directory as that code left it and the project's git history as a bundle (the records name its commits). The new
 * code must open it unchanged, verify the audit chain, and carry on from where it stood.
 */
class StoreFromBeforeRoutesTest {
  static final Path FIXTURE = Path.of("src/test/resources/migration/store-060c986");
  @TempDir Path tmp;
  Path project;
  final TestClock clock = TestClock.at("2026-12-07T05:00:00Z");

  @BeforeEach
  void unpack() throws Exception {
    project = tmp.resolve("project");
    TestProjects.git(tmp, "clone", "-q", FIXTURE.resolve("repo.bundle").toAbsolutePath().toString(),
        project.toString());
    copy(FIXTURE.resolve("deployments"), project.resolve(".claude/deployments"));
  }

  DeploymentService service() {
    return App.service(project, Map.of("DEPLOY_PIPELINE_USER", "alice@example.com"), clock,
        new RecordingSleeper(clock), List.of());
  }

  @Test
  void theOldStoreOpensWithItsStatesItsDefaultRouteAndAnIntactAuditChain() throws Exception {
    DeploymentService s = service();
    assertThat(s.store().verifyAudit().intact()).isTrue();
    assertThat(Stream.of("d-1", "d-2", "d-3", "d-4").map(id -> s.get(id).state()))
        .containsExactly(State.COMPLETED, State.ROLLED_BACK, State.FAILED, State.AWAITING_APPROVAL);
    for (String id : List.of("d-1", "d-2", "d-3", "d-4")) {
      Deployment d = s.get(id);
      assertThat(d.route()).as("no route recorded before routes").isNull();
      assertThat(d.routeOrDefault()).isEqualTo(Route.DEFAULT);
      // Written again by the new code, a record keeps its bytes: nothing new appears for the default path.
      String file = Files.readString(project.resolve(".claude/deployments/deployments/" + id + ".json")).strip();
      assertThat(Json.MAPPER.writeValueAsString(Json.MAPPER.readValue(file, Deployment.class))).isEqualTo(file);
    }
    assertThat(s.audit("d-2")).extracting(AuditEntry::event).contains("ROLLBACK");
  }

  @Test
  void theDeploymentWaitingAtTheGateIsApprovedAndCompletesWithTheNewCode() throws Exception {
    DeploymentService s = service();
    s.decide("d-4", "approve", "bob@example.com", "after the upgrade");
    Deployment d = s.drive("d-4");

    assertThat(d.state()).isEqualTo(State.COMPLETED);
    assertThat(Files.readAllLines(project.resolve("deployed.log"))).containsExactly("prod " + d.version());
    assertThat(s.audit("d-4")).extracting(AuditEntry::event).filteredOn(e -> !e.equals("STAGE_ATTEMPT"))
        .endsWith("STAGING_DEPLOYED", "APPROVED", "PROD_DEPLOYED");
    assertThat(s.store().verifyAudit().intact()).isTrue();
    assertThat(d.route()).isNull();
  }

  @Test
  void oldFinishedDeploymentsRollBackAndNewOnesStartBesideThem() throws Exception {
    DeploymentService s = service();
    s.decide("d-4", "reject", "bob@example.com", "superseded");
    assertThat(s.get("d-4").state()).isEqualTo(State.FAILED);

    Deployment rolledBack = s.rollback("d-1", "alice@example.com", "restore after the upgrade");
    assertThat(rolledBack.state()).isEqualTo(State.ROLLED_BACK);
    assertThat(Files.readAllLines(project.resolve("rollback.log")))
        .containsExactly("prod back to []", "staging back to []", "dev back to []");

    Deployment fresh = s.drive(s.start("svc", "main", null, "alice@example.com").id());
    assertThat(fresh.id()).isEqualTo("d-5");
    assertThat(fresh.state()).isEqualTo(State.AWAITING_APPROVAL);
    assertThat(s.store().verifyAudit().intact()).isTrue();
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
