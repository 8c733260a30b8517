package dev.deploypipeline.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.function.Supplier;

/**
 * What a handler may use besides its arguments: progress reporting (a no-op when the client sent no
 * progressToken) and the exchange, for elicitation. {@code exchange} is null in unit tests.
 */
public record ToolContext(McpSyncServerExchange exchange, Object progressToken) {
  public static final ToolContext NONE = new ToolContext(null, null);
  /** Where a transport that authenticates its callers (MCP over HTTP) puts the caller's name. */
  public static final String ACTOR_KEY = "dev.deploypipeline.actor";

  /**
   * Who this call acts for: the authenticated caller the transport vouches for (a token's user over HTTP), else
   * {@code local} (over stdio: the user the server runs as).
   */
  public String actor(Supplier<String> local) {
    if (exchange != null && exchange.transportContext() != null
        && exchange.transportContext().get(ACTOR_KEY) instanceof String s && !s.isBlank()) {
      return s;
    }
    return local.get();
  }

  public void progress(double progress, Double total, String message) {
    if (exchange == null || progressToken == null) return;
    exchange.progressNotification(new McpSchema.ProgressNotification(progressToken, progress, total, message));
  }
}
