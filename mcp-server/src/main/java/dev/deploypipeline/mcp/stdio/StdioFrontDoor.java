package dev.deploypipeline.mcp.stdio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sits between stdin/stdout and the MCP SDK's stdio transport, because the SDK (2.1.0) ends the session on one
 * malformed line and never answers requests it does not expect (Claude Code's pre-initialize
 * {@code server/discover} would stall the connection ~3 s). Every line is parsed here first: malformed JSON gets
 * -32700, unknown methods -32601, early requests an error, and only well-formed messages reach the SDK. Both
 * writers share one lock so that their lines never interleave.
 */
public final class StdioFrontDoor {
  private static final Logger log = LoggerFactory.getLogger(StdioFrontDoor.class);
  static final int MAX_LINE_BYTES = 16 * 1024 * 1024;
  // The SDK's own mapper (JsonMapper.shared()): one mapper fewer to build and warm before the first answer.
  private static final JsonMapper JSON = JsonMapper.shared();

  private final InputStream in;
  private final OutputStream out;
  private final Object writeLock = new Object();
  private final Forward forward;
  private final QuickLane quick;
  private volatile boolean initializeSeen;
  private volatile boolean initialized;

  /** Where a line that passed the door goes. */
  interface Forward {
    void accept(String line) throws IOException;
  }

  /**
   * Hands lines straight to {@code forward} on the reading thread (see {@link DirectTransport}), except the calls
   * {@code quick} answers itself.
   */
  StdioFrontDoor(InputStream in, OutputStream out, Forward forward, QuickLane quick) {
    this.in = in;
    this.out = out;
    this.forward = forward;
    this.quick = quick;
  }

  /** Writes one line (without its line break) to stdout under the shared lock. */
  void writeLine(String line) throws IOException {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (writeLock) {
      out.write(bytes);
      out.flush();
    }
  }

  /** Reads stdin until EOF; returns when the client has gone. */
  public void pump() {
    LineReader reader = new LineReader(in, MAX_LINE_BYTES);
    try {
      for (LineReader.Line l = reader.next(); l != null; l = reader.next()) accept(l);
    } catch (IOException e) {
      log.warn("stdin failed: {}", e.toString());
    }
  }

  /** One line read from stdin (also the ones {@link EarlyDoor} held back while the SDK was being built). */
  void accept(LineReader.Line l) throws IOException {
    if (l.tooLong()) {
      reply(null, error(-32600, "message larger than " + MAX_LINE_BYTES + " bytes; send smaller requests"));
    } else if (!l.text().isBlank()) {
      handle(l.text());
    }
  }

  void handle(String text) throws IOException {
    if (initialized && quick != null && answeredQuickly(text)) return;
    JsonNode msg;
    try {
      msg = JSON.readTree(text);
    } catch (JacksonException e) {
      reply(null, error(-32700, "Parse error: not valid JSON (" + e.getOriginalMessage() + ")"));
      return;
    }
    if (msg == null || !msg.isObject()) {
      reply(null, error(-32600, msg != null && msg.isArray() ? "Invalid Request: JSON-RPC batches are not supported"
          : "Invalid Request: a message must be a JSON object"));
      return;
    }
    JsonNode id = msg.get("id");
    JsonNode method = msg.get("method");
    if (method == null) {
      // A response to a server request. Anything else without a method makes the SDK drop the session.
      String problem = responseProblem(msg);
      if (problem == null) forward(text);
      else reply(null, error(-32600, "Invalid Request: " + problem));
      return;
    }
    if (!method.isString()) {
      reply(id, error(-32600, "Invalid Request: 'method' must be a string"));
      return;
    }
    String m = method.asString();
    if (id == null || id.isNull()) {
      if (msg.has("params") && !msg.get("params").isObject()) {
        log.warn("dropped notification {}: 'params' must be an object", m);
        return;
      }
      forward(text);
      // Only after an initialize: the SDK would otherwise serve tools to a client that never negotiated.
      if ("notifications/initialized".equals(m) && initializeSeen) initialized = true;
      return;
    }
    if (!id.isString() && !id.isIntegralNumber()) {
      reply(null, error(-32600, "Invalid Request: 'id' must be a string or an integer"));
    } else if (!RpcMethods.SDK.contains(m)) {
      reply(id, error(-32601, "Method not found: " + m));
    } else if (!"initialize".equals(m) && !initialized) {
      if ("ping".equals(m)) reply(id, JSON.createObjectNode().set("result", JSON.createObjectNode()));
      else reply(id, error(-32600, "server not initialized: send initialize, then notifications/initialized, then " + m));
    } else if (!msg.has("params") || msg.get("params").isObject()) {
      if ("initialize".equals(m)) initializeSeen = true;
      String bad = "tools/call".equals(m) ? badToolCall(msg.path("params")) : null;
      if (bad != null) reply(id, error(-32602, "Invalid params: " + bad));
      else forward(text);
    } else {
      reply(id, error(-32602, "Invalid params: 'params' must be an object"));
    }
  }

  /** Why {@code msg} (an object without 'method') is not a response the SDK can take, or null if it is. */
  static String responseProblem(JsonNode msg) {
    JsonNode id = msg.get("id");
    boolean hasResult = msg.has("result");
    boolean hasError = msg.has("error");
    if (id == null || !(id.isString() || id.isIntegralNumber()) || hasResult == hasError) {
      return "a message needs a string 'method' (request or notification), or an 'id' with either 'result' or "
          + "'error' (response)";
    }
    if (hasResult && !msg.get("result").isObject()) {
      return "'result' must be an object (the SDK cannot map {\"result\": null} or a scalar)";
    }
    JsonNode e = msg.get("error");
    if (hasError && !(e.isObject() && e.path("code").isIntegralNumber() && e.path("message").isString())) {
      return "'error' must be an object with an integer 'code' and a string 'message'";
    }
    return null;
  }

  /** The SDK answers these too, but only after logging a stack trace for each; one line is enough. */
  private static String badToolCall(JsonNode params) {
    if (!params.path("name").isString()) return "'name' must be the tool's name as a string (see tools/list)";
    JsonNode args = params.get("arguments");
    if (args != null && !args.isObject() && !args.isNull()) return "'arguments' must be an object";
    JsonNode meta = params.get("_meta");
    if (meta != null && !meta.isObject()) return "'_meta' must be an object";
    return null;
  }

  /** A plain call of a quick tool, read with the streaming parser and answered by {@link QuickLane}. */
  private boolean answeredQuickly(String text) throws IOException {
    EarlyDoor.Message m = EarlyDoor.Message.parse(text);
    if (m == null || m.id == null || !"tools/call".equals(m.method) || m.toolName == null
        || !QuickLane.TOOLS.contains(m.toolName)) {
      return false;
    }
    String line = quick.answer(m.id, m.toolName, m.arguments);
    if (line == null) return false;
    writeLine(line);
    return true;
  }

  private void forward(String line) throws IOException {
    forward.accept(line);
  }


  private static ObjectNode error(int code, String message) {
    ObjectNode e = JSON.createObjectNode();
    e.put("code", code);
    e.put("message", message);
    ObjectNode wrapper = JSON.createObjectNode();
    wrapper.set("error", e);
    return wrapper;
  }

  private void reply(JsonNode id, ObjectNode body) throws IOException {
    ObjectNode r = JSON.createObjectNode();
    r.put("jsonrpc", "2.0");
    r.set("id", id == null ? JSON.nullNode() : id);
    body.properties().forEach(p -> r.set(p.getKey(), p.getValue()));
    writeLine(JSON.writeValueAsString(r));
  }
}
