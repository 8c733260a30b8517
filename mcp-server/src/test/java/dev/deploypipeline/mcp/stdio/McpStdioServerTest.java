package dev.deploypipeline.mcp.stdio;

import dev.deploypipeline.mcp.McpTool;
import dev.deploypipeline.mcp.TestProject;
import dev.deploypipeline.mcp.ToolContext;
import dev.deploypipeline.mcp.ToolSupport;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The real SDK server behind the front door, over in-memory stdin/stdout, spoken to as raw JSON-RPC lines. */
class McpStdioServerTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir
  static Path dir;
  static TestProject project;
  ServerUnderTest server;

  /** Shared: every call in this class only reads or is refused, which the tests check. */
  @BeforeAll
  static void seed() throws Exception {
    project = TestProject.seeded(dir);
  }

  @AfterAll
  static void close() {
    project.close();
  }

  @BeforeEach
  void start() {
    List<McpTool> tools = new ArrayList<>(project.tools());
    tools.add(new BrokenTool());
    server = new ServerUnderTest(tools);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private void send(String json) {
    server.send(json);
  }

  private JsonNode next() throws InterruptedException {
    return server.next();
  }

  private JsonNode response(int id) throws InterruptedException {
    return server.response(id);
  }

  private void handshake() throws InterruptedException {
    server.handshake();
  }

  /** A tool with a bug: it throws, which {@link ToolSupport#guarded} deliberately lets through. */
  static final class BrokenTool implements McpTool {
    @Override
    public McpSchema.Tool definition() {
      return ToolSupport.tool("broken_tool", "Broken", "Throws.", "{\"type\":\"object\",\"additionalProperties\":false}",
          ToolSupport.outputSchema(""), ToolSupport.annotations("Broken", true, false, true), null);
    }

    @Override
    public McpSchema.CallToolResult call(ToolContext context, java.util.Map<String, Object> arguments) {
      return ToolSupport.guarded(() -> {
        throw new IllegalStateException("internal detail");
      });
    }
  }

  @Test
  void initializeListAndCall() throws Exception {
    handshake();
    send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
    JsonNode tools = response(2).at("/result/tools");
    assertThat(tools.size()).isEqualTo(project.tools().size() + 1);
    // Each tool's own name: a schema may have a property called "name" too (flags_list's flags do).
    List<String> names = new java.util.ArrayList<>();
    for (JsonNode t : tools) names.add(t.get("name").asString());
    assertThat(names).contains("deploy_start", "deploy_status", "deploy_approve",
        "deploy_rollback", "deploy_history");

    send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"deploy_status\","
        + "\"arguments\":{\"deploymentId\":\"d-1\"}}}");
    JsonNode call = response(3).get("result");
    assertThat(call.get("isError").asBoolean()).isFalse();
    assertThat(call.at("/structuredContent/state").asString()).isEqualTo("completed");
    assertThat(call.at("/content/0/text").asString()).startsWith("d-1 is completed.");
  }

  @Test
  void theSdkEnforcesInputSchemasBeforeTheHandler() throws Exception {
    handshake();
    send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"deploy_rollback\","
        + "\"arguments\":{\"deploymentId\":\"d-1\",\"reason\":\"x\",\"force\":true}}}");
    JsonNode r = response(2).get("result");
    assertThat(r.get("isError").asBoolean()).isTrue();
    assertThat(r.toString()).contains("input validation failed");
    assertThat(project.service.get("d-1").state().id()).isEqualTo("completed");
  }

  @Test
  void toolErrorsTravelAsIsErrorResultsWithStructuredContent() throws Exception {
    handshake();
    send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"deploy_approve\","
        + "\"arguments\":{\"deploymentId\":\"d-1\",\"decision\":\"approve\"}}}");
    JsonNode r = response(2).get("result");
    assertThat(r.get("isError").asBoolean()).isTrue();
    assertThat(r.at("/structuredContent/error").asString()).contains("'completed'", "legal now: ROLLBACK");
    assertThat(r.at("/structuredContent/nextStep").asString()).isNotBlank();
  }

  @Test
  void malformedLineGetsParseErrorAndTheSessionGoesOn() throws Exception {
    handshake();
    send("{oops");
    JsonNode err = next();
    assertThat(err.get("id").isNull()).isTrue();
    assertThat(err.at("/error/code").asInt()).isEqualTo(-32700);
    send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
    assertThat(response(2).get("result").isObject()).isTrue();
  }

  @Test
  void jsonThatIsNotJsonRpcDoesNotEndTheSession() throws Exception {
    handshake();
    send("{}");
    assertThat(next().at("/error/code").asInt()).isEqualTo(-32600);
    send("{\"jsonrpc\":\"2.0\",\"id\":77}");
    assertThat(next().at("/error/code").asInt()).isEqualTo(-32600);
    send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
    assertThat(response(2).get("result").isObject()).isTrue();
  }

  /** Odd but well-formed JSON must never cost the session: a ping after each one is still answered. */
  static Stream<String> oddMessages() {
    return Stream.of(
        "{}",
        "{\"jsonrpc\":\"2.0\",\"id\":77}",
        "{\"jsonrpc\":\"2.0\",\"result\":{}}",
        "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"result\":{}}",
        "{\"jsonrpc\":\"2.0\",\"id\":8,\"error\":\"boom\"}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\",\"params\":5}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/whatever\"}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":99}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{}}",
        "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"deploy_status\","
            + "\"arguments\":\"x\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"nope\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"initialize\",\"params\":{}}",
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\",\"params\":{\"_meta\":5}}",
        "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"deploy_status\","
            + "\"arguments\":{\"deploymentId\":\"d-1\"},\"_meta\":{\"progressToken\":{\"a\":1}}}}",
        "{\"jsonrpc\":\"1.0\",\"id\":10,\"method\":\"ping\"}");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oddMessages")
  void oddMessagesDoNotEndTheSession(String odd) throws Exception {
    handshake();
    send(odd);
    send("{\"jsonrpc\":\"2.0\",\"id\":999,\"method\":\"ping\"}");
    while (true) {
      JsonNode m = next();
      if (m.path("id").asInt() == 999 && !m.has("method")) {
        assertThat(m.get("result").isObject()).isTrue();
        return;
      }
    }
  }

  @Test
  void discoverBeforeInitializeIsRefusedAtOnceAndInitializeStillWorks() throws Exception {
    send("{\"jsonrpc\":\"2.0\",\"id\":\"d1\",\"method\":\"server/discover\",\"params\":{}}");
    JsonNode r = next();
    assertThat(r.get("id").asString()).isEqualTo("d1");
    assertThat(r.at("/error/code").asInt()).isEqualTo(-32601);
    send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}");
    assertThat(response(5).get("result").isObject()).isTrue();
    handshake();
  }

  @Test
  void aHandlerBugBecomesAnErrorWithoutStackTraceAndTheSessionGoesOn() throws Exception {
    handshake();
    send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"broken_tool\","
        + "\"arguments\":{}}}");
    String reply = response(2).toString();
    assertThat(reply).contains("\"id\":2").doesNotContain("\\tat ", "\\n\\tat", "Caused by", "dev.deploypipeline.");
    send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}");
    assertThat(response(3).get("result").isObject()).isTrue();
  }

  @Test
  void initializedWithoutInitializeDoesNotLetRequestsThrough() throws Exception {
    send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
    JsonNode r = response(2);
    assertThat(r.at("/error/message").asString()).contains("not initialized");
    handshake();
    send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}");
    assertThat(response(3).at("/result/tools").size()).isEqualTo(project.tools().size() + 1);
  }

  @Test
  void aFailedInitializeDoesNotLetRequestsThrough() throws Exception {
    send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}");
    JsonNode init = response(1);
    send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
    JsonNode r = response(2);
    assertThat(r.has("result") || r.has("error")).as("answered: %s (initialize gave %s)", r, init).isTrue();
  }

  @Test
  void endOfInputEndsServe() throws Exception {
    handshake();
    send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
    response(2);
    assertThat(server.endInput()).as("serve returned after stdin EOF").isTrue();
  }

  @Test
  void endOfInputBeforeInitializeEndsServe() throws Exception {
    assertThat(server.endInput()).as("serve returned after stdin EOF").isTrue();
  }

  @Test
  void endOfInputAfterInitializeWithoutInitializedEndsServe() throws Exception {
    send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}");
    response(1);
    send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
    assertThat(response(2).at("/error/message").asString()).contains("not initialized");
    assertThat(server.endInput()).as("serve returned after stdin EOF").isTrue();
  }
}
