package dev.deploypipeline.mcp.stdio;

import dev.deploypipeline.mcp.McpTool;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@link McpStdioServer#serve} on its own thread over {@link StdioPipes}, spoken to as raw JSON-RPC lines. */
final class ServerUnderTest implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  final StdioPipes pipes = new StdioPipes();
  final Thread thread;
  /** Notifications seen while waiting for responses, in order. */
  final List<JsonNode> notifications = new CopyOnWriteArrayList<>();

  ServerUnderTest(List<McpTool> tools) {
    this(tools, true);
  }

  /** {@code quick}: whether {@link QuickLane} answers what it can, or the SDK every call. */
  ServerUnderTest(List<McpTool> tools, boolean quick) {
    thread = new Thread(() -> McpStdioServer.serve(tools, quick ? QuickLane.of(tools) : null, pipes.in, pipes.out),
        "mcp-server-under-test");
    thread.setDaemon(true);
    thread.start();
  }

  void send(String json) {
    pipes.in.send(json);
  }

  /** The next line as sent, unparsed. */
  String nextLine() throws InterruptedException {
    return pipes.out.next();
  }

  JsonNode next() throws InterruptedException {
    return JSON.readTree(pipes.out.next());
  }

  /** Skips (and keeps) notifications until the response to {@code id}. */
  JsonNode response(Object id) throws InterruptedException {
    while (true) {
      JsonNode m = next();
      if (m.has("method")) {
        notifications.add(m);
        continue;
      }
      assertThat(m.get("id").asString()).as("response order").isEqualTo(String.valueOf(id));
      return m;
    }
  }

  void handshake() throws InterruptedException {
    send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}");
    JsonNode init = response(1);
    assertThat(init.at("/result/serverInfo/name").asString()).isEqualTo(McpStdioServer.NAME);
    assertThat(init.at("/result/protocolVersion").asString()).isEqualTo("2025-06-18");
    assertThat(init.at("/result/capabilities/tools").isObject()).isTrue();
    send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
  }

  /** Closes stdin and waits for serve to return. */
  boolean endInput() throws InterruptedException {
    pipes.in.close();
    thread.join(TimeUnit.SECONDS.toMillis(StdioPipes.TIMEOUT_SECONDS));
    return !thread.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    assertThat(endInput()).as("serve returned after stdin EOF").isTrue();
  }
}
