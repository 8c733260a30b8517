package dev.deploypipeline.mcp;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;

/** Runs the tools over stdio behind {@link StdioFrontDoor}; returns when the client closes stdin. */
public final class McpStdioServer {
  public static final String NAME = "deployment-pipeline";
  public static final String VERSION = "0.1.0";

  private McpStdioServer() {}

  public static void serve(List<McpTool> tools, InputStream in, OutputStream out) {
    StdioFrontDoor door = new StdioFrontDoor(in, out);
    var transport = new StdioServerTransportProvider(ToolSupport.json(), door.sdkInput(), door.sdkOutput());
    McpSyncServer server = McpServer.sync(transport)
        .serverInfo(NAME, VERSION)
        .instructions("Deploy services through validate, build, test, dev, staging and an approval-gated prod. "
            + "Start with deploy_start, follow with deploy_status; approval needs an explicit human decision.")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .requestTimeout(Duration.ofMinutes(10))
        .jsonSchemaValidator(new LazySchemaValidator())
        .tools(tools.stream().map(McpStdioServer::spec).toList())
        .build();
    door.pump();
    server.closeGracefully();
  }

  static McpServerFeatures.SyncToolSpecification spec(McpTool tool) {
    return McpServerFeatures.SyncToolSpecification.builder()
        .tool(ToolSupport.acceptingErrors(tool.definition()))
        .callHandler((exchange, req) -> ToolSupport.guarded(
            () -> tool.call(new ToolContext(exchange, req.progressToken()), req.arguments())))
        .build();
  }
}
