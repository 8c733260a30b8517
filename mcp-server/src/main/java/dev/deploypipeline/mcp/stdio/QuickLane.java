package dev.deploypipeline.mcp.stdio;

import dev.deploypipeline.mcp.ComposeValidateTool;
import dev.deploypipeline.mcp.DeployHistoryTool;
import dev.deploypipeline.mcp.DeployStatusTool;
import dev.deploypipeline.mcp.McpTool;
import dev.deploypipeline.mcp.PlainJson;
import dev.deploypipeline.mcp.ToolContext;
import dev.deploypipeline.mcp.ToolSupport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Answers {@code tools/call} of the read-only tools that never wait on the client ({@code deploy_status},
 * {@code deploy_history}, {@code compose_validate} with inline content) on the reading thread, without the SDK session: a session's first call is usually one of
 * them, and through the SDK it waited for the SDK server, its schema validator and Reactor to be built and warmed,
 * ten times the cost of the call. Only arguments that need no input schema to judge are taken here ({}, a
 * well-formed deployment id, inline Compose content); everything else, and any call that throws, goes to the SDK as before, which then
 * answers exactly as it always did.
 */
final class QuickLane {
  static final Set<String> TOOLS = Set.of(DeployStatusTool.NAME, DeployHistoryTool.NAME, ComposeValidateTool.NAME);
  /** compose_validate's schema: content is 1 to 2,000,000 characters (code points; a Java length bounds them). */
  private static final int MAX_CONTENT = 2_000_000;
  private static final JsonFactory JSON = new JsonFactory();

  private final Map<String, McpTool> tools;

  private QuickLane(Map<String, McpTool> tools) {
    this.tools = tools;
  }

  /** The lane for those of {@code tools} it serves (also inside {@link ServeCommand.WarmAfter}). */
  static QuickLane of(List<McpTool> tools) {
    PlainJson.prepare();
    Map<String, McpTool> byName = new HashMap<>();
    for (McpTool t : tools) {
      McpTool inner = t instanceof ServeCommand.WarmAfter w ? w.tool() : t;
      if (inner instanceof DeployStatusTool) byName.put(DeployStatusTool.NAME, t);
      if (inner instanceof DeployHistoryTool) byName.put(DeployHistoryTool.NAME, t);
      if (inner instanceof ComposeValidateTool) byName.put(ComposeValidateTool.NAME, t);
    }
    return new QuickLane(byName);
  }

  /**
   * The whole response line to {@code tools/call} of {@code name} with request id {@code idJson} (as JSON), or null
   * when the SDK must take it. {@code arguments} holds the call's string arguments, null if any was not a string.
   */
  String answer(String idJson, String name, Map<String, Object> arguments) {
    McpTool tool = tools.get(name);
    if (tool == null || arguments == null || !plainArguments(name, arguments)) return null;
    McpSchema.CallToolResult result;
    try {
      result = tool.call(ToolContext.NONE, arguments);
    } catch (RuntimeException e) {
      return null; // a bug: the SDK runs it again and reports it as it reports any handler's failure
    }
    String body = body(result);
    try {
      if (body == null) body = ToolSupport.json().writeValueAsString(result);
    } catch (java.io.IOException e) {
      return null;
    }
    return new StringBuilder(body.length() + 40).append("{\"jsonrpc\":\"2.0\",\"id\":").append(idJson)
        .append(",\"result\":").append(body).append('}').toString();
  }

  /**
   * Runs {@code deploy_status {}} up to {@code times} times (at most {@code budgetMs}), results dropped, so that
   * the JIT has compiled this path before the calls that matter: interpreted, a call costs several times what it
   * costs compiled. Not when the config has a flags section: each call would then ask the flag service.
   */
  void warm(int times, long budgetMs, java.nio.file.Path projectDir) {
    if (!tools.containsKey(DeployStatusTool.NAME) || dev.deploypipeline.config.ConfigLoader.declares(projectDir, "flags")) {
      return;
    }
    long until = System.nanoTime() + budgetMs * 1_000_000;
    for (int i = 0; i < times && System.nanoTime() < until; i++) answer("0", DeployStatusTool.NAME, Map.of());
  }

  /**
   * Arguments the input schema could not refuse: none, or (deploy_status) a deployment id of the right form, or
   * (compose_validate) inline content, with an env file or not.
   */
  private static boolean plainArguments(String name, Map<String, Object> arguments) {
    if (ComposeValidateTool.NAME.equals(name)) {
      return arguments.get("content") instanceof String c && !c.isEmpty() && c.length() <= MAX_CONTENT
          && arguments.size() == (arguments.containsKey("envFile") ? 2 : 1)
          && (!arguments.containsKey("envFile") || arguments.get("envFile") instanceof String f && !f.isEmpty());
    }
    if (arguments.isEmpty()) return true;
    return DeployStatusTool.NAME.equals(name) && arguments.size() == 1
        && arguments.get("deploymentId") instanceof String id && DeployStatusTool.ID.matcher(id).matches();
  }

  /** The result as the SDK's mapper writes it (members in its order, absent ones left out), or null if unusual. */
  private static String body(McpSchema.CallToolResult r) {
    if (r.meta() != null) return null;
    StringWriter out = new StringWriter(512);
    try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
      g.writeStartObject();
      g.writeName("content");
      g.writeStartArray();
      for (McpSchema.Content c : r.content()) {
        if (!(c instanceof McpSchema.TextContent t) || t.annotations() != null || t.meta() != null) return null;
        g.writeStartObject();
        g.writeStringProperty("type", "text");
        g.writeStringProperty("text", t.text());
        g.writeEndObject();
      }
      g.writeEndArray();
      if (r.isError() != null) g.writeBooleanProperty("isError", r.isError());
      if (r.structuredContent() != null) {
        g.writeName("structuredContent");
        if (!PlainJson.write(g, r.structuredContent())) return null;
      }
      g.writeEndObject();
    }
    return out.toString();
  }
}
