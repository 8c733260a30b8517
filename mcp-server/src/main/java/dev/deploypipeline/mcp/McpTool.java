package dev.deploypipeline.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/**
 * One MCP tool: its definition (name, description, input and output schema, annotations) and its handler.
 * Handlers parse {@code arguments} once into a validated input record, call the service, and map the outcome
 * with {@link ToolResults}. Caller-fixable problems are {@code isError} results; bugs throw.
 */
public interface McpTool {
  McpSchema.Tool definition();

  McpSchema.CallToolResult call(ToolContext context, Map<String, Object> arguments);
}
