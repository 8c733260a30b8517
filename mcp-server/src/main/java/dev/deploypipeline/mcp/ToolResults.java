package dev.deploypipeline.mcp;

import dev.deploypipeline.secrets.Redaction;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two result shapes every tool returns. Claude Code shows the model only {@code structuredContent}, so
 * errors carry their message and next step there too, and the text mirrors it for other clients. Both pass the
 * process's redactor.
 */
public final class ToolResults {
  private ToolResults() {}

  public static McpSchema.CallToolResult ok(Map<String, Object> structured, String text) {
    return McpSchema.CallToolResult.builder().structuredContent(redacted(structured))
        .addTextContent(Redaction.redact(text)).isError(false).build();
  }

  /** A caller-fixable problem: what is wrong and what to do next. */
  public static McpSchema.CallToolResult error(String message, String nextStep) {
    return error(message, nextStep, Map.of());
  }

  /** With extra structured facts beside error and nextStep (e.g. the failed pre-deploy checklist). */
  public static McpSchema.CallToolResult error(String message, String nextStep, Map<String, Object> extra) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("error", message);
    if (nextStep != null) s.put("nextStep", nextStep);
    if (extra != null) extra.forEach(s::putIfAbsent);
    String text = nextStep == null ? message : message + "\nNext: " + nextStep;
    return McpSchema.CallToolResult.builder().structuredContent(redacted(s)).addTextContent(Redaction.redact(text))
        .isError(true).build();
  }

  /** Every result passes the one redactor: no secret the process knows leaves as tool output. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> redacted(Map<String, Object> structured) {
    return (Map<String, Object>) Redaction.redactStructure(structured);
  }
}
