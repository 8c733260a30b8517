package dev.deploypipeline.mcp.stdio;

import dev.deploypipeline.app.App;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.Recovery;
import dev.deploypipeline.mcp.McpTool;
import dev.deploypipeline.mcp.Tools;
import dev.deploypipeline.workflow.Sleeper;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code serve} (and no arguments): the MCP server on stdin/stdout. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the MCP server over stdio (what Claude Code launches). Logs go to stderr.")
public final class ServeCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    // The build's answers to initialize and tools/list for exactly this jar, if any: then those are answered while
    // the rest starts on another thread (McpStdioServer's EarlyDoor), and nothing here may touch logging or Jackson.
    CannedAnswers canned = CannedAnswers.forServedJar();
    // Otherwise Jackson and the SDK's protocol records warm up on the second core while the service is built.
    if (canned == null) Warmup.start();
    // stdout belongs to the protocol: keep the real descriptor for it and send stray prints to stderr.
    PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), false);
    System.setOut(System.err);
    Build build = new Build();
    if (canned == null) McpStdioServer.serve(build.call(), System.in, protocol);
    else McpStdioServer.serve(canned, build, System.in, protocol);
    build.recovery.stop();
    build.service.shutdown();
    return 0;
  }

  /** The service and its tools. A class rather than a lambda: no lambda set-up before the first answer. */
  static final class Build implements Callable<List<McpTool>> {
    private DeploymentService service;
    private Recovery recovery;

    @Override
    public List<McpTool> call() {
      Clock clock = Clock.systemUTC();
      service = App.service(App.projectDir(System.getenv()), System.getenv(), clock, Sleeper.REAL, List.of());
      recovery = new Recovery(service);
      recovery.startPeriodic();
      return Tools.all(service, System.getenv(), Sleeper.REAL, clock);
    }
  }
}
