package dev.deploypipeline.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.app.App;
import dev.deploypipeline.cli.ExitCodes;
import dev.deploypipeline.cli.RootCommand;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.mcp.DeployStartTool;
import dev.deploypipeline.mcp.ToolContext;
import dev.deploypipeline.mcp.ToolSupport;
import dev.deploypipeline.mcp.Waiter;
import dev.deploypipeline.testutil.RecordingSleeper;
import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.testutil.TestProjects;
import dev.deploypipeline.testutil.TmpfsMount;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.State;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A project whose store sits on a full file system, seen the way users see it: the MCP tool's isError result and
 * the CLI's error line and exit code, each with the next step, no stack trace; reads keep working; freeing space
 * is all it takes to deploy again.
 */
class FullStoreEndToEndTest {
  @TempDir Path dir;
  final TestClock clock = TestClock.at("2026-11-25T10:00:00Z");
  TmpfsMount fs;
  DeploymentService service;
  Path root;
  Path filler;

  @BeforeEach
  void projectWithOneDeploymentOnASmallTmpfs() throws Exception {
    TestProjects.gitProject(dir, TestProjects.config("true", "true", "true", "true", "true", null));
    root = dir.resolve(".claude/deployments");
    fs = TmpfsMount.mount(root, 512);
    service = App.service(dir, Map.of("DEPLOY_PIPELINE_USER", "alice@example.com"), clock,
        new RecordingSleeper(clock), List.of());
    Deployment d = service.drive(service.start("svc", "main", null, "alice@example.com").id());
    service.decide(d.id(), "reject", "bob@example.com", "frees the service for the next start");
    filler = root.resolve("filler");
    TmpfsMount.fill(filler);
  }

  @AfterEach
  void unmount() throws Exception {
    try {
      if (service != null) service.shutdown();
    } finally {
      fs.close();
    }
  }

  @Test
  void deployStartOnAFullDiskIsAnErrorResultWithTheNextStep() throws Exception {
    String auditBefore = Files.readString(root.resolve("audit.jsonl"));

    McpSchema.CallToolResult r = ToolSupport.guarded(() -> new DeployStartTool(service, new Waiter(service, clock))
        .call(ToolContext.NONE, Map.of("service", "svc", "branch", "main")));

    assertThat(r.isError()).isTrue();
    @SuppressWarnings("unchecked")
    Map<String, Object> s = (Map<String, Object>) r.structuredContent();
    assertThat((String) s.get("error")).contains(root.toString()).contains("file system is full");
    assertThat((String) s.get("nextStep")).contains("df -h " + root.toAbsolutePath())
        .contains("deployment-pipeline deploy resume");
    assertThat(((McpSchema.TextContent) r.content().get(0)).text()).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(Files.readString(root.resolve("audit.jsonl"))).as("no half-written audit line").isEqualTo(auditBefore);
    assertThat(service.get("d-1").state()).isEqualTo(State.FAILED);

    Files.delete(filler);
    Deployment next = service.drive(service.start("svc", "main", null, "alice@example.com").id());
    assertThat(next.state()).isEqualTo(State.AWAITING_APPROVAL);
    assertThat(service.store().verifyAudit().intact()).isTrue();
    assertThat(new StoreDoctor(FileDeploymentStore.forProject(dir)).examine(false).healthy()).isTrue();
  }

  @Test
  void theCliPrintsTheErrorAndNextStepAndExitsNonZeroButStillAnswersReads() {
    StringWriter err = new StringWriter();
    CommandLine cli = RootCommand.commandLine();
    cli.setErr(new PrintWriter(err, true));

    int code = cli.execute("deploy", "start", "--project", dir.toString(), "svc");

    assertThat(code).isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString()).contains("error: cannot ").contains(root.toString()).contains("file system is full")
        .contains("next: free space on the file system holding " + root.toAbsolutePath())
        .doesNotContain("\tat ").doesNotContain("internal error");

    StringWriter err2 = new StringWriter();
    CommandLine reads = RootCommand.commandLine();
    reads.setErr(new PrintWriter(err2, true));
    assertThat(reads.execute("deploy", "history", "--project", dir.toString())).as(err2.toString())
        .isEqualTo(ExitCodes.OK);
  }
}
