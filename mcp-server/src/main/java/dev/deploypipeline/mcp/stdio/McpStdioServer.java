package dev.deploypipeline.mcp.stdio;

import dev.deploypipeline.app.App;
import dev.deploypipeline.mcp.McpTool;
import dev.deploypipeline.mcp.ToolContext;
import dev.deploypipeline.mcp.ToolSupport;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs the tools over stdio behind {@link StdioFrontDoor}; returns when the client closes stdin.
 *
 * <p>Where handlers run: every inbound message (requests, and the client's answers to elicitation) reaches the SDK
 * on one thread, the front door's ({@link DirectTransport}). A handler that blocks there stalls the whole session,
 * and one that waits for an elicitation answer deadlocks it. So every tool the SDK runs runs on Reactor's
 * boundedElastic pool, as the SDK's sync server would do. The quick, read-only ones that never wait on the client
 * are mostly answered before the SDK sees them, on the inbound thread ({@link QuickLane}).
 */
public final class McpStdioServer {
  public static final String NAME = "deployment-pipeline";
  public static final String VERSION = App.VERSION;

  private McpStdioServer() {}

  public static void serve(List<McpTool> tools, InputStream in, OutputStream out) {
    serve(tools, QuickLane.of(tools), in, out);
  }

  /** As above; with {@code quick} null the SDK answers every call (tests compare the two). */
  static void serve(List<McpTool> tools, QuickLane quick, InputStream in, OutputStream out) {
    Running running = start(tools, quick, in, out);
    running.door().pump();
    running.close();
  }

  /**
   * As {@link #serve(List, InputStream, OutputStream)}, but stdin is read at once and the first {@code initialize}
   * and {@code tools/list} are answered from {@code canned} ({@link EarlyDoor}), and quick calls once the service is
   * built, while {@code tools} builds the service and the tools, then the SDK server, on another thread. Rethrows
   * what {@code tools} threw.
   */
  public static void serve(CannedAnswers canned, Callable<List<McpTool>> tools, InputStream in, OutputStream out) {
    EarlyDoor early = new EarlyDoor(out, canned);
    Builder builder = new Builder(tools, early, in, out);
    builder.start();
    try {
      early.pump(in);
    } catch (IOException e) {
      System.err.println("stdin failed: ".concat(e.toString()));
    }
    Running running;
    try {
      running = builder.ready.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    running.close();
  }

  /** Builds the server and hands it to the early door. A class, not a lambda: none on the way to the first answer. */
  private static final class Builder extends Thread {
    final CompletableFuture<Running> ready = new CompletableFuture<>();
    private final Callable<List<McpTool>> tools;
    private final EarlyDoor early;
    private final InputStream in;
    private final OutputStream out;

    Builder(Callable<List<McpTool>> tools, EarlyDoor early, InputStream in, OutputStream out) {
      super("mcp-server-build");
      setDaemon(true);
      this.tools = tools;
      this.early = early;
      this.in = in;
      this.out = out;
    }

    @Override
    public void run() {
      try {
        List<McpTool> built = tools.call();
        QuickLane lane = QuickLane.of(built);
        early.quickLane(lane);
        Running running = McpStdioServer.start(built, lane, in, out);
        early.handOver(running.door(), running.transport()::alreadyAnswered);
        ready.complete(running);
      } catch (Throwable e) {
        ready.completeExceptionally(e);
        early.noQuickLane(e);
        // The main thread is blocked reading stdin and would leave the client waiting: fail as start-up would.
        System.err.println("the server could not start: " + e);
        e.printStackTrace();
        System.exit(1);
      }
    }
  }

  record Running(StdioFrontDoor door, DirectTransport transport, McpAsyncServer server) {
    void close() {
      server.closeGracefully().block(Duration.ofSeconds(5));
    }
  }

  static Running start(List<McpTool> tools, QuickLane quick, InputStream in, OutputStream out) {
    DirectTransport transport = new DirectTransport(ToolSupport.json());
    StdioFrontDoor door = new StdioFrontDoor(in, out, transport::deliver, quick);
    transport.writeTo(door::writeLine);
    McpAsyncServer server = McpServer.async(transport)
        .serverInfo(NAME, VERSION)
        .instructions(dev.deploypipeline.mcp.Tools.INSTRUCTIONS)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .requestTimeout(Duration.ofMinutes(10))
        .jsonSchemaValidator(new LazySchemaValidator())
        .tools(tools.stream().map(McpStdioServer::spec).toList())
        .build();
    return new Running(door, transport, server);
  }

  static McpServerFeatures.AsyncToolSpecification spec(McpTool tool) {
    McpSchema.Tool definition = ToolSupport.acceptingErrors(tool.definition());
    return McpServerFeatures.AsyncToolSpecification.builder()
        .tool(definition)
        .callHandler((exchange, req) -> Mono.fromCallable(() -> ToolSupport.guarded(
            () -> tool.call(new ToolContext(new McpSyncServerExchange(exchange), req.progressToken()),
                req.arguments()))).subscribeOn(Schedulers.boundedElastic()))
        .build();
  }
}
