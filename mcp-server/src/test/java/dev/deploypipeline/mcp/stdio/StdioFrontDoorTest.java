package dev.deploypipeline.mcp.stdio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The door on its own: a whole stdin is pumped to EOF in the test thread, then we look at what it answered itself
 * and what it passed on to the SDK. Deterministic, no threads.
 */
class StdioFrontDoorTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{}}";
  private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

  record Outcome(List<JsonNode> replies, List<String> forwarded) {}

  static Outcome pump(String... lines) throws Exception {
    return pumpBytes((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  static Outcome pumpBytes(byte[] stdin) throws Exception {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    List<String> forwarded = new java.util.ArrayList<>();
    StdioFrontDoor door = new StdioFrontDoor(new ByteArrayInputStream(stdin), stdout, forwarded::add, null);
    // Safety net against a hang only; pump returns at the end of its input.
    assertTimeoutPreemptively(Duration.ofSeconds(60), door::pump);
    List<JsonNode> replies = stdout.toString(StandardCharsets.UTF_8).lines().map(JSON::readTree).toList();
    return new Outcome(replies, forwarded);
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("malformed JSON", "this is not json", "null", -32700, "Parse error"),
        Arguments.of("truncated JSON", "{\"jsonrpc\":\"2.0\",\"id\":1,", "null", -32700, "Parse error"),
        Arguments.of("batch", "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", "null", -32600, "batches"),
        Arguments.of("scalar", "42", "null", -32600, "must be a JSON object"),
        Arguments.of("server/discover before initialize",
            "{\"jsonrpc\":\"2.0\",\"id\":\"discover-1\",\"method\":\"server/discover\"}", "\"discover-1\"", -32601,
            "Method not found: server/discover"),
        Arguments.of("unknown method", "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"resources/list\"}", "7", -32601,
            "Method not found: resources/list"),
        Arguments.of("method not a string", "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":3}", "8", -32600,
            "'method' must be a string"),
        Arguments.of("id not a string or integer", "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}",
            "null", -32600, "'id' must be a string or an integer"),
        Arguments.of("tools/list before initialize", "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/list\"}",
            "9", -32600, "server not initialized"),
        Arguments.of("tools/call before initialized",
            INIT + "\n{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/call\",\"params\":{\"name\":\"x\"}}", "10",
            -32600, "send initialize, then notifications/initialized"),
        Arguments.of("tools/list after initialized but no initialize",
            INITIALIZED + "\n{\"jsonrpc\":\"2.0\",\"id\":13,\"method\":\"tools/list\"}", "13", -32600,
            "server not initialized"),
        Arguments.of("params not an object",
            INIT + "\n" + INITIALIZED + "\n{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tools/list\",\"params\":[]}",
            "11", -32602, "'params' must be an object"),
        Arguments.of("neither request nor response", "{\"jsonrpc\":\"2.0\",\"id\":12}", "null", -32600,
            "needs a string 'method'"),
        Arguments.of("empty object", "{}", "null", -32600, "needs a string 'method'"),
        Arguments.of("response without id", "{\"jsonrpc\":\"2.0\",\"result\":{}}", "null", -32600,
            "needs a string 'method'"),
        Arguments.of("response with result and error",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},\"error\":{\"code\":1,\"message\":\"m\"}}", "null",
            -32600, "either 'result' or 'error'"),
        Arguments.of("error response with a string error", "{\"jsonrpc\":\"2.0\",\"id\":8,\"error\":\"boom\"}",
            "null", -32600, "'error' must be an object with an integer 'code'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void answersWhatTheSdkWouldMishandleItself(String name, String input, String id, int code, String message)
      throws Exception {
    Outcome o = pump(input);
    assertThat(o.replies()).as("one reply").hasSize(1);
    JsonNode r = o.replies().get(0);
    assertThat(r.get("jsonrpc").asString()).isEqualTo("2.0");
    assertThat(r.get("id").toString()).isEqualTo(id);
    assertThat(r.get("error").get("code").asInt()).isEqualTo(code);
    assertThat(r.get("error").get("message").asString()).contains(message);
    assertThat(o.forwarded()).as("nothing refused reaches the SDK")
        .allSatisfy(l -> assertThat(l).isIn(INIT, INITIALIZED));
  }

  @Test
  void keepsServingAfterAMalformedLine() throws Exception {
    Outcome o = pump("not json", INIT, INITIALIZED, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
    assertThat(o.replies()).hasSize(1);
    assertThat(o.forwarded()).containsExactly(INIT, INITIALIZED,
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
  }

  @Test
  void pingBeforeInitializeIsAnsweredAtTheDoor() throws Exception {
    Outcome o = pump("{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"ping\"}");
    assertThat(o.replies()).hasSize(1);
    assertThat(o.replies().get(0).toString()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"result\":{}}");
    assertThat(o.forwarded()).isEmpty();
  }

  @Test
  void forwardsProtocolTrafficUnchanged() throws Exception {
    String ping = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}";
    String response = "{\"jsonrpc\":\"2.0\",\"id\":\"srv-1\",\"result\":{}}";
    String errorResponse = "{\"jsonrpc\":\"2.0\",\"id\":\"srv-2\",\"error\":{\"code\":-1,\"message\":\"no\"}}";
    String cancelled = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":3}}";
    Outcome o = pump(INIT, INITIALIZED, ping, response, errorResponse, cancelled);
    assertThat(o.replies()).isEmpty();
    assertThat(o.forwarded()).containsExactly(INIT, INITIALIZED, ping, response, errorResponse, cancelled);
  }

  @Test
  void blankLinesAndCrLfAreTolerated() throws Exception {
    Outcome o = pumpBytes(("\r\n\n" + INIT + "\r\n   \n").getBytes(StandardCharsets.UTF_8));
    assertThat(o.replies()).isEmpty();
    assertThat(o.forwarded()).containsExactly(INIT);
  }

  @Test
  void lastLineWithoutNewlineIsStillRead() throws Exception {
    Outcome o = pumpBytes(INIT.getBytes(StandardCharsets.UTF_8));
    assertThat(o.forwarded()).containsExactly(INIT);
  }

  @Test
  void oversizedLineIsRefusedAndTheNextLineServed() throws Exception {
    byte[] big = new byte[StdioFrontDoor.MAX_LINE_BYTES + 10];
    Arrays.fill(big, (byte) 'x');
    byte[] tail = ("\n" + INIT + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] all = Arrays.copyOf(big, big.length + tail.length);
    System.arraycopy(tail, 0, all, big.length, tail.length);
    Outcome o = pumpBytes(all);
    assertThat(o.replies()).hasSize(1);
    assertThat(o.replies().get(0).get("error").get("code").asInt()).isEqualTo(-32600);
    assertThat(o.replies().get(0).get("error").get("message").asString()).contains("larger than");
    assertThat(o.forwarded()).containsExactly(INIT);
  }

  @Test
  void lineAtTheCapIsAccepted() throws Exception {
    // A JSON string padded with spaces to exactly the cap: the limit is inclusive.
    String padded = INIT + " ".repeat(StdioFrontDoor.MAX_LINE_BYTES - INIT.length());
    Outcome o = pump(padded);
    assertThat(o.replies()).isEmpty();
    assertThat(o.forwarded()).hasSize(1);
  }
}
