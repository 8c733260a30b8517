package dev.deploypipeline.mcp;

import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs the tools over stdio behind {@link StdioFrontDoor}; returns when the client closes stdin.
 *
 * <p>Where handlers run: every inbound message (requests, and the client's answers to elicitation) reaches the SDK
 * on one thread, the front door's ({@link DirectTransport}). A handler that blocks there stalls the whole session, and one that waits for an elicitation
 * answer deadlocks it. So every tool runs on Reactor's boundedElastic pool, as the SDK's sync server would do,
 * except the ones in {@link #INLINE}: quick, read-only, never waiting on the client. Those run on the inbound
 * thread itself once warm (the thread hop costs about as much as the whole call), the first call still off it
 * because it may load a large index.
 */
public final class McpStdioServer {
  public static final String NAME = "deployment-pipeline";
  public static final String VERSION = "0.1.0";
  static final Set<String> INLINE = Set.of("deploy_status");

  private McpStdioServer() {}

  public static void serve(List<McpTool> tools, InputStream in, OutputStream out) {
    DirectTransport transport = new DirectTransport(ToolSupport.json());
    StdioFrontDoor door = new StdioFrontDoor(in, out, transport::deliver);
    transport.writeTo(door::writeLine);
    McpAsyncServer server = McpServer.async(transport)
        .serverInfo(NAME, VERSION)
        .instructions("Deploy services through validate, build, test, dev, staging and an approval-gated prod. "
            + "Start with deploy_start, follow with deploy_status; approval needs an explicit human decision.")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .requestTimeout(Duration.ofMinutes(10))
        .jsonSchemaValidator(new LazySchemaValidator())
        .tools(tools.stream().map(McpStdioServer::spec).toList())
        .build();
    door.pump();
    server.closeGracefully().block(Duration.ofSeconds(5));
  }

  static McpServerFeatures.AsyncToolSpecification spec(McpTool tool) {
    McpSchema.Tool definition = ToolSupport.acceptingErrors(tool.definition());
    AtomicBoolean warm = new AtomicBoolean();
    boolean inline = INLINE.contains(definition.name());
    return McpServerFeatures.AsyncToolSpecification.builder()
        .tool(definition)
        .callHandler((exchange, req) -> {
          Mono<McpSchema.CallToolResult> call = Mono.fromCallable(() -> ToolSupport.guarded(
              () -> tool.call(new ToolContext(new McpSyncServerExchange(exchange), req.progressToken()),
                  req.arguments())));
          if (inline && warm.get()) return call;
          return call.doOnSuccess(r -> warm.set(true)).subscribeOn(Schedulers.boundedElastic());
        })
        .build();
  }
}
