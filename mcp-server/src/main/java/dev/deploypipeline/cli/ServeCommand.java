package dev.deploypipeline.cli;

import dev.deploypipeline.App;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.Recovery;
import dev.deploypipeline.mcp.McpStdioServer;
import dev.deploypipeline.mcp.Tools;
import dev.deploypipeline.mcp.Warmup;
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
    // Jackson and the SDK's protocol records warm up on the second core while the service is built.
    Warmup.start();
    // stdout belongs to the protocol: keep the real descriptor for it and send stray prints to stderr.
    PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), false);
    System.setOut(System.err);
    Clock clock = Clock.systemUTC();
    DeploymentService service = App.service(App.projectDir(System.getenv()), System.getenv(), clock, Sleeper.REAL,
        List.of());
    Recovery recovery = new Recovery(service);
    recovery.startPeriodic();
    McpStdioServer.serve(Tools.all(service, System.getenv(), Sleeper.REAL, clock), System.in, protocol);
    recovery.stop();
    service.shutdown();
    return ExitCodes.OK;
  }
}
