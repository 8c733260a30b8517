package dev.deploypipeline.mcp.stdio;

import dev.deploypipeline.app.App;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.Recovery;
import dev.deploypipeline.mcp.McpTool;
import dev.deploypipeline.mcp.ToolContext;
import dev.deploypipeline.mcp.Tools;
import dev.deploypipeline.workflow.Sleeper;
import java.io.Console;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code serve} (and no arguments): the MCP server on stdin/stdout. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Run the MCP server over stdio (what Claude Code launches). Logs go to stderr.",
        "With --http: serve the REST API, the dashboard and MCP (Streamable HTTP, /mcp) instead "
            + "(`serve --http --help`)."})
public final class ServeCommand implements Callable<Integer> {

  /** The one line a person who started the server at a terminal sees; stdout stays the protocol's. */
  static final String TERMINAL_HINT = "deployment-pipeline: this is the MCP server: it speaks MCP (JSON-RPC) on "
      + "stdin/stdout and is waiting for a client such as Claude Code. For the CLI, run `deployment-pipeline --help`; "
      + "Ctrl-D or Ctrl-C ends the server.";

  @Override
  public Integer call() {
    if (stdinIsTerminal()) System.err.println(TERMINAL_HINT);
    // The build's answers to initialize and tools/list for exactly this jar, if any: then those are answered while
    // the rest starts on another thread (McpStdioServer's EarlyDoor), and nothing here may touch logging or Jackson.
    CannedAnswers canned = CannedAnswers.forServedJar();
    // Otherwise Jackson and the SDK's protocol records warm up on the second core while the service is built.
    if (canned == null) Warmup.start();
    else new LoggingStart().start();
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

  /**
   * Whether a person, not a client, is at stdin. Linux says so in /proc (one readlink); elsewhere the console
   * answers (JDK 17–21: non-null only when stdin and stdout are terminals; JDK 22+ asks isTerminal()).
   */
  static boolean stdinIsTerminal() {
    try {
      Path fd0 = Path.of("/proc/self/fd/0");
      if (Files.isSymbolicLink(fd0)) {
        String target = Files.readSymbolicLink(fd0).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or /proc is not mounted: ask the console
    }
    Console console = System.console();
    if (console == null) return false;
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  /** A tool that tells the config warm-up ({@link QuietWarmUp}) when calls begin and end. */
  record WarmAfter(McpTool tool, QuietWarmUp warm) implements McpTool {
    @Override
    public McpSchema.Tool definition() {
      return tool.definition();
    }

    @Override
    public McpSchema.CallToolResult call(ToolContext context, Map<String, Object> arguments) {
      warm.callStarted();
      try {
        return tool.call(context, arguments);
      } finally {
        warm.callEnded();
      }
    }
  }

  /**
   * Starts logging beside the build: slf4j-simple's start formats its timestamps with SimpleDateFormat, which loads
   * the locale data (about 30 ms), and the store's first logger would otherwise wait for that on the build thread.
   * While this runs, slf4j hands other threads substitute loggers that replay into the real ones.
   */
  static final class LoggingStart extends Thread {
    LoggingStart() {
      super("logging-start");
      setDaemon(true);
    }

    @Override
    public void run() {
      org.slf4j.LoggerFactory.getILoggerFactory();
    }
  }

  /** deploy_status calls the warm-up makes (C1 compiles a method after about 200 calls), and its time limit. */
  static final int WARM_CALLS = 1_000;
  static final long WARM_BUDGET_MS = 250;

  /** The service and its tools. A class rather than a lambda: no lambda set-up before the first answer. */
  static final class Build implements Callable<List<McpTool>> {
    private DeploymentService service;
    private Recovery recovery;

    @Override
    public List<McpTool> call() {
      Clock clock = Clock.systemUTC();
      Path projectDir = App.projectDir(System.getenv());
      service = App.service(projectDir, System.getenv(), clock, Sleeper.REAL, List.of());
      recovery = new Recovery(service);
      recovery.startPeriodic();
      // The config's first load and the quick lane's code are warmed once the session has gone quiet: the first
      // call, which comes at once, does not wait for them, and started sooner the warm-up competed for the 2 cores
      // with the build and the calls (or, for a first deploy_start, did the same load twice at once).
      List<McpTool> tools = new ArrayList<>();
      QuietWarmUp warm = new QuietWarmUp(() -> {
        QuickLane.of(tools).warm(WARM_CALLS, WARM_BUDGET_MS, projectDir);
        App.warmConfig(projectDir, System.getenv());
      }, System::nanoTime, Sleeper.REAL);
      for (McpTool t : Tools.all(service, System.getenv(), Sleeper.REAL, clock)) tools.add(new WarmAfter(t, warm));
      // One deploy_status before initialize is answered: its one-time costs (class initialisation, the store's
      // first reads) are paid here, not by the client's first call, which comes at once.
      QuickLane.of(tools).warm(1, WARM_BUDGET_MS, projectDir);
      warm.start();
      return tools;
    }
  }
}
