package dev.deploypipeline.mcp.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the front door answers itself, and what it lets through to the SDK, line by line. */
class StdioFrontDoorEdgeCasesTest {
  static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{}}\n"
      + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

  record Outcome(String answered, String forwarded) {}

  static Outcome run(String line) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringBuilder toSdk = new StringBuilder();
    StdioFrontDoor door = new StdioFrontDoor(
        new ByteArrayInputStream((INIT + "\n" + line + "\n").getBytes(StandardCharsets.UTF_8)), out,
        l -> toSdk.append(l).append('\n'), null);
    door.pump();
    String forwarded = toSdk.toString().replace(INIT + "\n", "");
    return new Outcome(out.toString(StandardCharsets.UTF_8).strip(), forwarded.strip());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      {"jsonrpc":"2.0","id":1,"result":null}                                   | -32600 | null
      {"jsonrpc":"2.0","id":1,"result":"x"}                                    | -32600 | null
      {"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1,"message":"m"}}    | -32600 | null
      {"jsonrpc":"2.0","id":{},"result":{}}                                    | -32600 | null
      {"jsonrpc":"2.0","id":1,"error":{"code":"x","message":"m"}}              | -32600 | null
      {"jsonrpc":"2.0","method":"notifications/progress","params":[1]}         |        |
      {"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":5}}       | -32602 | 5
      {"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"a","arguments":"x"}} | -32602 | 5
      {"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"a","_meta":3}} | -32602 | 5
      """)
  void answersOrDropsWhatTheSdkWouldChokeOn(String line, String code, String id) throws Exception {
    Outcome o = run(line);
    assertThat(o.forwarded()).as("nothing reaches the SDK").isEmpty();
    if (code == null) assertThat(o.answered()).as("a notification gets no answer").isEmpty();
    else assertThat(o.answered()).contains("\"code\":" + code).contains("\"id\":" + id);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      {"jsonrpc":"2.0","id":1,"result":{}}
      {"jsonrpc":"2.0","id":"e","error":{"code":-1,"message":"declined"}}
      {"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"deploy_status","arguments":{}}}
      {"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":5}}
      """)
  void wellFormedMessagesReachTheSdkUnanswered(String line) throws Exception {
    Outcome o = run(line);
    assertThat(o.forwarded()).isEqualTo(line);
    assertThat(o.answered()).isEmpty();
  }
}
