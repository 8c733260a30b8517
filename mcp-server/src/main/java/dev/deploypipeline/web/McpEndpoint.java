package dev.deploypipeline.web;

import dev.deploypipeline.app.App;
import dev.deploypipeline.mcp.McpTool;
import dev.deploypipeline.mcp.ToolContext;
import dev.deploypipeline.mcp.ToolSupport;
import dev.deploypipeline.mcp.Tools;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * MCP over Streamable HTTP at {@code /mcp}: the same tools as over stdio ({@link Tools}), served by the SDK's
 * servlet transport on the web host. {@link AuthFilter} has already named the caller; that name travels in the
 * transport context to every tool call ({@link ToolContext#actor}), so each user's actions are audited as theirs.
 * Each client session is its own MCP session, so a gate's elicitation goes to the client that made the call.
 *
 * <p>A tool runs on the request's own thread: the SDK servlet blocks it until the answer is written anyway, and the
 * web host's pool (not Reactor's small boundedElastic pool) then bounds how many calls wait at once. An answer to
 * an elicitation arrives as another POST, on another thread, so a waiting call cannot block its own answer.
 */
public final class McpEndpoint implements AutoCloseable {
  public static final String PATH = "/mcp";

  private final HttpServletStreamableServerTransportProvider transport;
  private final McpAsyncServer server;
  private final SessionOwners owners = new SessionOwners();

  public McpEndpoint(List<McpTool> tools) {
    transport = HttpServletStreamableServerTransportProvider.builder()
        .jsonMapper(ToolSupport.json())
        .mcpEndpoint(PATH)
        .contextExtractor(McpEndpoint::context)
        .build();
    server = McpServer.async(transport)
        .serverInfo("deployment-pipeline", App.VERSION)
        .instructions(Tools.INSTRUCTIONS)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        // A prod approval waits for a human to answer the form: as long as over stdio.
        .requestTimeout(Duration.ofMinutes(10))
        .tools(tools.stream().map(McpEndpoint::spec).toList())
        .build();
  }

  /** The servlet to mount at {@link #PATH}; it needs async support (the SDK answers over SSE). */
  public HttpServlet servlet() {
    return new SessionGuard(transport, owners);
  }

  static McpTransportContext context(HttpServletRequest req) {
    Object actor = req.getAttribute(AuthFilter.ACTOR);
    return actor instanceof String s ? McpTransportContext.create(Map.of(ToolContext.ACTOR_KEY, s))
        : McpTransportContext.EMPTY;
  }

  static McpServerFeatures.AsyncToolSpecification spec(McpTool tool) {
    return McpServerFeatures.AsyncToolSpecification.builder()
        .tool(ToolSupport.acceptingErrors(tool.definition()))
        .callHandler((exchange, req) -> Mono.fromCallable(() -> ToolSupport.guarded(() -> tool.call(
            new ToolContext(new McpSyncServerExchange(exchange), req.progressToken()), req.arguments()))))
        .build();
  }

  @Override
  public void close() {
    server.closeGracefully().block(Duration.ofSeconds(5));
  }
}
