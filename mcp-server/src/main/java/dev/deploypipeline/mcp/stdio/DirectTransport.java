package dev.deploypipeline.mcp.stdio;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The SDK session fed straight from {@link StdioFrontDoor}, instead of the SDK's stdio transport behind a pipe.
 * That transport reads the pipe on its own thread and writes through a second one, so every request crossed three
 * threads (door, inbound, outbound); on a busy 2-core box those hand-offs were most of a {@code deploy_status}
 * round trip. Here the door's thread hands each message to the session and answers are written by whichever thread
 * produces them, under the door's lock. Tools that block still run off this thread ({@link McpStdioServer}), so
 * the client's answers to elicitation keep arriving while they wait.
 */
final class DirectTransport implements McpServerTransportProvider {
  private static final Logger log = LoggerFactory.getLogger(DirectTransport.class);

  /** Writes one whole line to stdout under the door's lock. */
  interface LineWriter {
    void write(String line) throws IOException;
  }

  private final McpJsonMapper json;
  private volatile LineWriter out;
  private volatile McpServerSession session;
  // Requests EarlyDoor already answered from CannedAnswers: the SDK still sees them (its session state must be
  // right), but the client must get one answer only.
  private final Set<String> answered = ConcurrentHashMap.newKeySet();

  DirectTransport(McpJsonMapper json) {
    this.json = json;
  }

  void writeTo(LineWriter writer) {
    this.out = writer;
  }

  /** Swallows the SDK's response to the request with this id ({@link RpcMethods#idKey}), once. */
  void alreadyAnswered(String idKey) {
    answered.add(idKey);
  }

  @Override
  public void setSessionFactory(McpServerSession.Factory factory) {
    this.session = factory.create(new Session());
  }

  /** One line the front door has already checked: a request, notification or response the SDK can take. */
  void deliver(String line) {
    McpSchema.JSONRPCMessage message;
    try {
      message = McpSchema.deserializeJsonRpcMessage(json, line);
    } catch (IOException | RuntimeException e) {
      log.warn("dropped a message the SDK cannot map: {}", e.toString());
      return;
    }
    try {
      session.handle(message).subscribe(null, e -> log.warn("handling {} failed: {}", kind(message), e.toString()));
    } catch (RuntimeException e) {
      log.warn("handling {} failed: {}", kind(message), e.toString());
    }
  }

  private static String kind(McpSchema.JSONRPCMessage m) {
    if (m instanceof McpSchema.JSONRPCRequest r) return r.method();
    if (m instanceof McpSchema.JSONRPCNotification n) return n.method();
    return "a response";
  }

  @Override
  public Mono<Void> notifyClients(String method, Object params) {
    McpServerSession s = session;
    return s == null ? Mono.empty() : s.sendNotification(method, params);
  }

  @Override
  public Mono<Void> closeGracefully() {
    McpServerSession s = session;
    return s == null ? Mono.empty() : s.closeGracefully();
  }

  private final class Session implements McpServerTransport {
    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
      return Mono.fromRunnable(() -> {
        if (message instanceof McpSchema.JSONRPCResponse r && !answered.isEmpty() && answered.remove(RpcMethods.idKey(r.id()))) {
          if (r.error() != null) log.warn("the SDK refused a request answered early: {}", r.error().message());
          return;
        }
        try {
          String text = json.writeValueAsString(message);
          // Jackson escapes control characters in strings, so a raw line break would be a bug; keep the framing safe.
          if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) text = text.replace("\r", "\\r").replace("\n", "\\n");
          out.write(text);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
      return json.convertValue(data, type);
    }

    @Override
    public Mono<Void> closeGracefully() {
      return Mono.empty();
    }
  }
}
