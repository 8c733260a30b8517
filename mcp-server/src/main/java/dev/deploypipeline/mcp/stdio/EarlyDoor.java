package dev.deploypipeline.mcp.stdio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads stdin while the SDK server is still being built on another thread, and answers the session's first
 * {@code initialize} and {@code tools/list} from {@link CannedAnswers}, and plain calls of the quick tools through
 * {@link QuickLane} once the service exists: a client gets them without waiting for the SDK (most of start-up).
 * Only jackson-core's streaming parser runs here. Everything else waits, in order, for {@link StdioFrontDoor}: once it is handed over, the
 * held-back lines go through it first, including the early-answered {@code initialize} and
 * {@code notifications/initialized} (the SDK session must see them), whose SDK answer {@link DirectTransport}
 * swallows. A line that is not plainly one of the cases below ends early answering for good, so that replies
 * never overtake the answers to lines held back before them.
 */
final class EarlyDoor {
  private static final JsonFactory JSON = new JsonFactory();
  static final long QUICK_LANE_WAIT_MS = 1_000;

  private final OutputStream out;
  private final CannedAnswers canned;
  private final Object lock = new Object();
  private final List<LineReader.Line> held = new ArrayList<>();
  private final List<String> answeredIds = new ArrayList<>();
  private final CompletableFuture<QuickLane> quick = new CompletableFuture<>();
  private volatile StdioFrontDoor door;
  private boolean givenUp;
  private boolean initAnswered;
  private boolean initializedSeen;
  private boolean toolsAnswered;

  EarlyDoor(OutputStream out, CannedAnswers canned) {
    this.out = out;
    this.canned = canned;
  }

  /** Reads stdin until EOF; returns when the client has gone (held-back lines may still be waiting for the door). */
  void pump(InputStream in) throws IOException {
    LineReader reader = new LineReader(in, StdioFrontDoor.MAX_LINE_BYTES);
    for (LineReader.Line l = reader.next(); l != null; l = reader.next()) accept(l);
  }

  /** The service and its tools are built: a quick call ({@link QuickLane}) no longer has to wait for them. */
  void quickLane(QuickLane lane) {
    quick.complete(lane);
  }

  /**
   * Claude Code calls a tool as soon as initialize is answered, usually deploy_status: answered once the service
   * exists (a few tens of milliseconds after the canned answer could go), that call is quick instead of waiting for
   * the build. Bounded, so that a slow store (a database that does not answer) cannot hold the handshake.
   */
  private void awaitQuickLane() {
    try {
      quick.get(QUICK_LANE_WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // answer now: the call then waits for the build, or the build's failure ends the process
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The build failed: nothing waits for the lane any more (the process is about to exit). */
  void noQuickLane(Throwable why) {
    quick.completeExceptionally(why);
  }

  /** From here on the door takes every line; the held-back ones go first, in order. */
  void handOver(StdioFrontDoor ready, Consumer<String> alreadyAnswered) {
    synchronized (lock) {
      answeredIds.forEach(alreadyAnswered);
      try {
        for (LineReader.Line l : held) ready.accept(l);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      held.clear();
      door = ready;
    }
  }

  void accept(LineReader.Line l) throws IOException {
    StdioFrontDoor d = door;
    if (d == null) {
      synchronized (lock) {
        d = door;
        if (d == null) {
          early(l);
          return;
        }
      }
    }
    d.accept(l);
  }

  private void early(LineReader.Line l) throws IOException {
    if (!l.tooLong() && l.text().isBlank()) return;
    Message m = givenUp || l.tooLong() ? null : Message.parse(l.text());
    if (m != null && answer(m, l)) return;
    givenUp = true;
    held.add(l);
  }

  /** True if {@code m} was dealt with exactly as door and SDK would; false leaves it to them. */
  private boolean answer(Message m, LineReader.Line l) throws IOException {
    if (m.id == null) {
      if (!"notifications/initialized".equals(m.method) || !initAnswered || initializedSeen) return false;
      initializedSeen = true;
      held.add(l);
      return true;
    }
    if (!RpcMethods.SDK.contains(m.method)) {
      write(m.id, "error", "{\"code\":-32601,\"message\":".concat(quote("Method not found: ".concat(m.method)))
          .concat("}"));
      return true;
    }
    if ("initialize".equals(m.method) && !initAnswered && m.initializeShape) {
      String result = canned.initialize(m.protocolVersion);
      if (result == null) return false;
      initAnswered = true;
      answeredIds.add(m.idKey);
      held.add(l);
      awaitQuickLane();
      write(m.id, "result", result);
      return true;
    }
    if ("tools/list".equals(m.method) && initializedSeen && !toolsAnswered && !m.cursor) {
      toolsAnswered = true;
      write(m.id, "result", canned.toolsList());
      return true;
    }
    if ("tools/call".equals(m.method) && initializedSeen && m.toolName != null && QuickLane.TOOLS.contains(m.toolName)) {
      // Waits for the service (not the SDK server), which the build thread makes first.
      String line = quick.join().answer(m.id, m.toolName, m.arguments);
      if (line == null) return false;
      writeLine(line);
      return true;
    }
    return false;
  }

  /** One response line, members in the order the SDK writes them. No {@code +}: see {@link CannedAnswers#fileFor}. */
  private void write(String id, String member, String value) throws IOException {
    writeLine(new StringBuilder(value.length() + 64).append("{\"jsonrpc\":\"2.0\",\"id\":").append(id)
        .append(",\"").append(member).append("\":").append(value).append('}').toString());
  }

  private void writeLine(String line) throws IOException {
    out.write(line.concat("\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    JsonStringEncoder.getInstance().quoteAsString(s, b);
    return b.append('"').toString();
  }

  /**
   * The parts of a plain JSON-RPC message the early answers depend on, or null for anything unusual (which the
   * door then judges as always): not an object, duplicate or unknown members, params not an object, trailing text.
   */
  static final class Message {
    String id;
    String idKey;
    String method;
    String protocolVersion;
    boolean cursor;
    boolean initializeShape;
    String toolName;
    /** tools/call's arguments if all are strings (none: empty), else null. */
    Map<String, Object> arguments = Map.of();

    static Message parse(String text) {
      try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), text)) {
        if (p.nextToken() != JsonToken.START_OBJECT) return null;
        Message m = new Message();
        boolean jsonrpc = false;
        boolean params = false;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
          String name = p.currentName();
          t = p.nextToken();
          switch (name) {
            case "jsonrpc" -> {
              if (jsonrpc || t != JsonToken.VALUE_STRING || !"2.0".equals(p.getString())) return null;
              jsonrpc = true;
            }
            case "id" -> {
              if (m.id != null) return null;
              if (t == JsonToken.VALUE_STRING) {
                m.id = quote(p.getString());
                m.idKey = RpcMethods.idKey(p.getString());
              } else if (t == JsonToken.VALUE_NUMBER_INT) {
                // As the SDK writes it back: the value, not the spelling (-0 is 0).
                m.id = p.getNumberValue().toString();
                m.idKey = RpcMethods.idKey(p.getNumberValue());
              } else {
                return null;
              }
            }
            case "method" -> {
              if (m.method != null || t != JsonToken.VALUE_STRING) return null;
              m.method = p.getString();
            }
            case "params" -> {
              if (params || t != JsonToken.START_OBJECT || !m.readParams(p)) return null;
              params = true;
            }
            default -> {
              return null;
            }
          }
        }
        if (p.nextToken() != null || !jsonrpc || m.method == null) return null;
        return m;
      } catch (JacksonException e) {
        return null;
      }
    }

    private boolean readParams(JsonParser p) {
      boolean capabilities = false;
      boolean clientInfo = false;
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        String name = p.currentName();
        t = p.nextToken();
        switch (name) {
          case "protocolVersion" -> {
            if (protocolVersion != null || t != JsonToken.VALUE_STRING) return false;
            protocolVersion = p.getString();
          }
          case "cursor" -> cursor = true;
          case "name" -> {
            if (toolName != null || t != JsonToken.VALUE_STRING) return false;
            toolName = p.getString();
          }
          case "arguments" -> arguments = t == JsonToken.START_OBJECT ? stringArguments(p) : null;
          case "_meta" -> {
            if (t != JsonToken.START_OBJECT) return false;
          }
          case "capabilities" -> {
            if (capabilities) return false;
            capabilities = t == JsonToken.START_OBJECT;
          }
          case "clientInfo" -> {
            if (clientInfo) return false;
            clientInfo = t == JsonToken.START_OBJECT;
          }
          default -> { }
        }
        p.skipChildren();
      }
      initializeShape = protocolVersion != null && capabilities && clientInfo;
      return true;
    }

    /** The object at {@code p} if every value is a string, else null; leaves {@code p} at its end. */
    private static Map<String, Object> stringArguments(JsonParser p) {
      Map<String, Object> args = new LinkedHashMap<>();
      boolean plain = true;
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        String name = p.currentName();
        t = p.nextToken();
        if (t == JsonToken.VALUE_STRING && !args.containsKey(name)) args.put(name, p.getString());
        else plain = false;
        p.skipChildren();
      }
      return plain ? args : null;
    }
  }
}
