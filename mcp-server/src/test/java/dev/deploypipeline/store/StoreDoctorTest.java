package dev.deploypipeline.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.app.App;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.mcp.DeployStartTool;
import dev.deploypipeline.mcp.ToolContext;
import dev.deploypipeline.mcp.ToolSupport;
import dev.deploypipeline.mcp.Waiter;
import dev.deploypipeline.store.StoreDoctor.Finding;
import dev.deploypipeline.testutil.RecordingSleeper;
import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.testutil.TestProjects;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.State;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged and hostile stores on real files: clear errors, nothing made worse, and safe repairs. */
class StoreDoctorTest {
  @TempDir Path dir;
  final TestClock clock = TestClock.at("2026-11-25T10:00:00Z");
  DeploymentService service;
  Path root;
  List<Deployment> done;

  @BeforeEach
  void twoDeployments() throws Exception {
    TestProjects.gitProject(dir, TestProjects.config("true", "true", "true", "true", "true", null));
    service = App.service(dir, Map.of("DEPLOY_PIPELINE_USER", "alice@example.com"), clock,
        new RecordingSleeper(clock), List.of());
    Deployment a = service.drive(service.start("svc", "main", null, "alice@example.com").id());
    service.decide(a.id(), "reject", "bob@example.com", "not today");
    Deployment b = service.drive(service.start("svc", "main", null, "alice@example.com").id());
    done = List.of(service.get(a.id()), b);
    root = dir.resolve(".claude/deployments");
  }

  StoreDoctor.Report examine(boolean repair) {
    return new StoreDoctor(FileDeploymentStore.forProject(dir)).examine(repair);
  }

  static List<String> problems(StoreDoctor.Report r) {
    return r.findings().stream().filter(f -> !f.ok()).map(f -> f.check() + ": " + f.message()).toList();
  }

  @Test
  void aHealthyStoreIsReportedHealthy() {
    StoreDoctor.Report r = examine(false);
    assertThat(problems(r)).isEmpty();
    assertThat(r.deployments()).isEqualTo(2);
    assertThat(r.findings()).extracting(Finding::check).containsExactly("writable", "journal", "records", "index", "audit");
  }

  @Test
  void aDamagedRecordIsRestoredFromItsBackup() throws Exception {
    Path main = root.resolve("deployments/d-2.json");
    Files.writeString(main, "{\"id\":\"d-2\", trunc");

    StoreDoctor.Report before = examine(false);
    assertThat(before.healthy()).isFalse();
    assertThat(problems(before)).singleElement().asString().contains("d-2.json is missing or unreadable")
        .contains("run doctor --repair");
    assertThat(Files.readString(main)).as("checking changes nothing").endsWith("trunc");

    StoreDoctor.Report after = examine(true);
    assertThat(after.healthy()).isTrue();
    assertThat(Json.MAPPER.readValue(Files.readAllBytes(main), Deployment.class).state())
        .isEqualTo(State.AWAITING_APPROVAL);
    assertThat(problems(examine(false))).isEmpty();
  }

  @Test
  void aCorruptedIndexGivesAClearReportAndIsRebuiltFromTheRecords() throws Exception {
    Path index = root.resolve("index.jsonl");
    List<String> lines = Files.readAllLines(index);
    // Lose d-1's lines and add garbage: history must stay answerable, doctor must say what is wrong.
    Files.write(index, lines.stream().filter(l -> !l.contains("\"d-1\"")).toList());
    Files.writeString(index, "{not json}\n", StandardOpenOption.APPEND);
    assertThat(FileDeploymentStore.forProject(dir).history(HistoryQuery.all(10))).extracting(x -> x.id())
        .containsExactly("d-2");

    assertThat(problems(examine(false))).singleElement().asString().contains("line ").contains("d-1 is missing")
        .contains("--repair");
    assertThat(examine(true).healthy()).isTrue();
    assertThat(FileDeploymentStore.forProject(dir).history(HistoryQuery.all(10))).extracting(x -> x.id(), x -> x.state())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("d-2", State.AWAITING_APPROVAL),
            org.assertj.core.groups.Tuple.tuple("d-1", State.FAILED));
  }

  @Test
  void aTamperedAuditChainIsReportedButNeverRewritten() throws Exception {
    Path audit = root.resolve("audit.jsonl");
    String original = Files.readString(audit);
    Files.writeString(audit, original.replaceFirst("bob@example.com", "eve@example.com"));
    String tampered = Files.readString(audit);

    StoreDoctor.Report r = examine(true);
    assertThat(r.healthy()).isFalse();
    assertThat(problems(r)).singleElement().asString().contains("hash chain broken").contains("not repaired");
    assertThat(Files.readString(audit)).isEqualTo(tampered);
  }

  @Test
  void anUnwritableStoreGivesAClearErrorAndLeavesTheRecordsIntact() throws Exception {
    // Running as root defeats permission bits, so the deployments directory is replaced by a plain file: every
    // save must fail, cleanly.
    service.decide("d-2", "reject", "bob@example.com", "frees the service for a new start");
    Path deployments = root.resolve("deployments");
    Path moved = dir.resolve("records-aside");
    Files.move(deployments, moved);
    Files.writeString(deployments, "not a directory");

    McpSchema.CallToolResult r = ToolSupport.guarded(() -> new DeployStartTool(service, new Waiter(service, clock))
        .call(ToolContext.NONE, Map.of("service", "svc", "branch", "main")));
    assertThat(r.isError()).isTrue();
    String text = ((McpSchema.TextContent) r.content().get(0)).text();
    assertThat(text).contains("Not a directory").contains(root.toString()).contains("deployment-pipeline doctor")
        .doesNotContain("\tat ");
    assertThat(problems(examine(false))).isNotEmpty();

    Files.delete(deployments);
    Files.move(moved, deployments);
    assertThat(problems(examine(false))).as("nothing was damaged by the failed writes").isEmpty();
    assertThat(service.get("d-2").state()).isEqualTo(State.FAILED);
    assertThat(service.store().verifyAudit().intact()).isTrue();
  }
}
