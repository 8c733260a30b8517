package dev.deploypipeline.mcp.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@link EarlyDoor.Message} takes as plain; everything else is left to the door, which judges it as always. */
class EarlyDoorMessageTest {
  @Test
  void readsIdMethodAndInitializeParams() {
    EarlyDoor.Message m = EarlyDoor.Message.parse("{\"jsonrpc\":\"2.0\",\"id\":-0,\"method\":\"initialize\","
        + "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"x\":[1,{}]},\"clientInfo\":{}}}");
    assertThat(m.id).as("as the SDK writes the value back").isEqualTo("0");
    assertThat(m.idKey).isEqualTo("n:0");
    assertThat(m.method).isEqualTo("initialize");
    assertThat(m.protocolVersion).isEqualTo("2025-11-25");
    assertThat(m.initializeShape).isTrue();
    assertThat(m.cursor).isFalse();
  }

  @Test
  void stringIdsAreQuotedAsJson() {
    EarlyDoor.Message m = EarlyDoor.Message.parse("{\"id\":\"a\\u0001\\\"\",\"jsonrpc\":\"2.0\",\"method\":\"x\"}");
    assertThat(m.id).isEqualTo("\"a\\u0001\\\"\"");
    assertThat(m.idKey).isEqualTo("s:a\u0001\"");
  }

  @Test
  void noticesACursorAndAnIncompleteInitialize() {
    assertThat(EarlyDoor.Message.parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":"
        + "{\"cursor\":null}}").cursor).isTrue();
    assertThat(EarlyDoor.Message.parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
        + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{}}}").initializeShape).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "not json",
      "[]",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"} {}",
      "{\"id\":1,\"method\":\"ping\"}",
      "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}",
      "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}",
      "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"ping\"}",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":[]}",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"extra\":true}",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"a\","
          + "\"protocolVersion\":\"b\"}}"})
  void leavesAnythingUnusualToTheDoor(String line) {
    assertThat(EarlyDoor.Message.parse(line)).isNull();
  }
}
