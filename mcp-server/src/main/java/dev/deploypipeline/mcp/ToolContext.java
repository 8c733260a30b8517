package dev.deploypipeline.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * What a handler may use besides its arguments: progress reporting (a no-op when the client sent no
 * progressToken) and the exchange, for elicitation. {@code exchange} is null in unit tests.
 */
public record ToolContext(McpSyncServerExchange exchange, Object progressToken) {
  public static final ToolContext NONE = new ToolContext(null, null);

  public void progress(double progress, Double total, String message) {
    if (exchange == null || progressToken == null) return;
    exchange.progressNotification(new McpSchema.ProgressNotification(progressToken, progress, total, message));
  }
}
