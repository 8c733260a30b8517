package dev.deploypipeline.mcp.stdio;

import dev.deploypipeline.mcp.ToolSupport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Runs a canned {@code initialize} and {@code tools/list} answer through the SDK's JSON mapper on a second thread
 * while the main thread builds the service and the server. Jackson's static initialisation and its
 * (de)serialisers for the protocol records are what the first answer waits for, and CDS archives neither; with
 * two cores that work overlaps the rest of start-up instead of following it. Nothing is written anywhere: the
 * shared mapper only fills its caches, which the real session then finds warm. Measured no better, so not done:
 * a throwaway SDK server taken through initialize and tools/list, and one built first without Jackson (a mapper
 * that is never called) to load Reactor and the SDK while the main thread initialises Jackson for the store.
 */
public final class Warmup {
  private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
      + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"elicitation\":{}},"
      + "\"clientInfo\":{\"name\":\"warm-up\",\"version\":\"1\"}}}";

  private Warmup() {}

  /** Starts the warm-up thread; returns at once. */
  public static void start() {
    Thread t = new Thread(Warmup::run, "mcp-warm-up");
    t.setDaemon(true);
    t.start();
  }

  static void run() {
    try {
      McpJsonMapper json = ToolSupport.json();
      var request = (McpSchema.JSONRPCRequest) McpSchema.deserializeJsonRpcMessage(json, INITIALIZE);
      var init = json.convertValue(request.params(), McpSchema.InitializeRequest.class);
      var result = new McpSchema.InitializeResult(init.protocolVersion(),
          McpSchema.ServerCapabilities.builder().tools(false).build(),
          new McpSchema.Implementation(McpStdioServer.NAME, McpStdioServer.VERSION), "warm-up");
      json.writeValueAsString(new McpSchema.JSONRPCResponse("2.0", request.id(), result, null));
      McpSchema.Tool tool = ToolSupport.tool("warm_up", "Warm-up", "-", "{\"type\":\"object\"}",
          ToolSupport.outputSchema("", "x"), ToolSupport.annotations("Warm-up", true, false, true), null);
      json.writeValueAsString(new McpSchema.JSONRPCResponse("2.0", 1,
          new McpSchema.ListToolsResult(List.of(ToolSupport.acceptingErrors(tool)), null), null));
    } catch (Exception | LinkageError e) {
      // Only a head start: the session does the same work itself if this fails.
      LoggerFactory.getLogger(Warmup.class).debug("warm-up failed: {}", e.toString());
    }
  }
}
