package dev.deploypipeline.mcp.stdio;

import dev.deploypipeline.mcp.McpTool;
import dev.deploypipeline.mcp.TestProject;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link McpStdioServer#serve(CannedAnswers, java.util.concurrent.Callable, java.io.InputStream,
 * java.io.OutputStream)} with the tools held back on a latch: whatever is answered before the latch opens came from
 * the canned answers, everything else must come, in order and once, from door and SDK after it opens.
 */
class EarlyDoorTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

  @TempDir
  static Path dir;
  static TestProject project;
  static CannedAnswers canned;

  final StdioPipes pipes = new StdioPipes();
  final CountDownLatch built = new CountDownLatch(1);
  Thread server;

  @BeforeAll
  static void record() throws Exception {
    project = TestProject.seeded(dir);
    List<McpTool> tools = project.tools();
    // The build's own recording (CdsTraining), against the SDK as it is now.
    try (CdsTraining.Session s = new CdsTraining.Session(in -> out -> McpStdioServer.serve(tools, in, out))) {
      s.send(init(1, "2025-06-18"));
      s.send(INITIALIZED);
      canned = CdsTraining.record(s, s.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{}}"));
    }
  }

  @AfterAll
  static void closeProject() {
    project.close();
  }

  @AfterEach
  void stop() throws InterruptedException {
    built.countDown();
    if (server == null) return;
    pipes.in.close();
    server.join(TimeUnit.SECONDS.toMillis(StdioPipes.TIMEOUT_SECONDS));
    assertThat(server.isAlive()).as("serve returned after stdin EOF").isFalse();
  }

  void startEarly() {
    server = new Thread(() -> McpStdioServer.serve(canned, () -> {
      built.await();
      return project.tools();
    }, pipes.in, pipes.out), "early-server-under-test");
    server.setDaemon(true);
    server.start();
  }

  /** The same lines to a server started the ordinary way: what the SDK answers now. */
  static List<JsonNode> sdkAnswers(String... lines) throws Exception {
    ServerUnderTest plain = new ServerUnderTest(project.tools());
    try {
      List<JsonNode> replies = new ArrayList<>();
      for (String line : lines) {
        plain.send(line);
        if (line.contains("\"id\"")) replies.add(plain.next());
      }
      return replies;
    } finally {
      plain.close();
    }
  }

  static String init(Object id, String version) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
        + version + "\",\"capabilities\":{\"elicitation\":{}},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}";
  }

  JsonNode next() throws InterruptedException {
    return JSON.readTree(pipes.out.next());
  }

  @Test
  void recordsEveryVersionTheSdkEchoes() {
    assertThat(canned.initializeByVersion()).containsKeys("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"})
  void cannedInitializeAndToolsListEqualTheSdksAnswersAndComeBeforeTheSdkExists(String version) throws Exception {
    String list = "{\"jsonrpc\":\"2.0\",\"id\":\"list\",\"method\":\"tools/list\"}";
    List<JsonNode> sdk = sdkAnswers(init(7, version), INITIALIZED, list);
    startEarly();
    pipes.in.send(init(7, version));
    pipes.in.send(INITIALIZED);
    pipes.in.send(list);
    JsonNode initAnswer = next();
    JsonNode listAnswer = next();
    assertThat(built.getCount()).as("answered while the SDK was not built").isEqualTo(1);
    assertThat(initAnswer).isEqualTo(sdk.get(0));
    assertThat(initAnswer.at("/result/protocolVersion").asString()).isEqualTo(version);
    assertThat(listAnswer).isEqualTo(sdk.get(1));
    assertThat(listAnswer.at("/result/tools").size()).isEqualTo(project.tools().size());
  }

  @Test
  void heldBackRequestsAreAnsweredInOrderOnceTheSdkIsReadyAndItsInitializeAnswerIsSwallowed() throws Exception {
    startEarly();
    pipes.in.send(init("\"a\\\"b\"", "2025-11-25"));
    pipes.in.send(INITIALIZED);
    pipes.in.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{}}");
    pipes.in.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"server/discover\"}");
    pipes.in.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"deploy_status\","
        + "\"arguments\":{}}}");
    pipes.in.send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}");
    pipes.in.send("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/list\"}");
    assertThat(next().get("id").asString()).isEqualTo("a\"b");
    assertThat(next().get("id").asInt()).isEqualTo(2);
    JsonNode discover = next();
    assertThat(discover.get("id").asInt()).isEqualTo(3);
    assertThat(discover.at("/error/code").asInt()).isEqualTo(-32601);
    assertThat(discover.at("/error/message").asString()).isEqualTo("Method not found: server/discover");
    built.countDown();
    Set<Integer> ids = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      JsonNode r = next();
      assertThat(r.has("error")).as(r.toString()).isFalse();
      ids.add(r.get("id").asInt());
    }
    assertThat(ids).containsExactlyInAnyOrder(4, 5, 6);
    // One more round trip: had the SDK's answer to the forwarded initialize leaked, it would come before this one.
    pipes.in.send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}");
    assertThat(next().get("id").asInt()).isEqualTo(7);
  }

  @Test
  void aQuickCallIsAnsweredAsTheSdkWouldWhileTheSdkServerIsStillBeingBuilt() throws Exception {
    String call = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"deploy_status\","
        + "\"arguments\":{\"deploymentId\":\"d-1\"}}}";
    JsonNode sdk = sdkAnswers(init(1, "2025-06-18"), INITIALIZED, call).get(1);
    CountDownLatch sdkBuilt = new CountDownLatch(1);
    List<McpTool> tools = new ArrayList<>(project.tools());
    // The SDK server asks every tool for its definition while it is built: this one holds that build up.
    McpTool broken = new McpStdioServerTest.BrokenTool();
    tools.add(new McpTool() {
      @Override
      public io.modelcontextprotocol.spec.McpSchema.Tool definition() {
        try {
          sdkBuilt.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return broken.definition();
      }

      @Override
      public io.modelcontextprotocol.spec.McpSchema.CallToolResult call(dev.deploypipeline.mcp.ToolContext c,
          java.util.Map<String, Object> arguments) {
        return broken.call(c, arguments);
      }
    });
    server = new Thread(() -> McpStdioServer.serve(canned, () -> tools, pipes.in, pipes.out), "early-quick");
    server.setDaemon(true);
    server.start();
    pipes.in.send(init(1, "2025-06-18"));
    pipes.in.send(INITIALIZED);
    pipes.in.send(call);
    next();
    JsonNode status = next();
    assertThat(sdkBuilt.getCount()).as("answered while the SDK server was not built").isEqualTo(1);
    assertThat(status.at("/result/structuredContent/deploymentId").asString()).isEqualTo("d-1");
    assertThat(status.at("/result/structuredContent/state").asString()).isEqualTo("completed");
    assertThat(status.at("/result/content")).isEqualTo(sdk.at("/result/content"));
    sdkBuilt.countDown();
    pipes.in.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\"}");
    assertThat(next().get("id").asInt()).as("the SDK took over after the quick answer").isEqualTo(4);
  }

  @Test
  void aVersionNotRecordedIsNegotiatedByTheSdk() throws Exception {
    List<JsonNode> sdk = sdkAnswers(init(1, "1999-01-01"));
    startEarly();
    pipes.in.send(init(1, "1999-01-01"));
    pipes.in.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"server/discover\"}");
    built.countDown();
    // Nothing is answered early once a line has been held back: the discover answer comes after the initialize.
    assertThat(next()).isEqualTo(sdk.get(0));
    assertThat(next().get("id").asInt()).isEqualTo(2);
  }

  @Test
  void toolsListBeforeInitializedAndWithACursorGoToDoorAndSdk() throws Exception {
    startEarly();
    pipes.in.send(init(1, "2025-11-25"));
    assertThat(next().at("/result/serverInfo/name").asString()).isEqualTo(McpStdioServer.NAME);
    pipes.in.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
    pipes.in.send(INITIALIZED);
    pipes.in.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\",\"params\":{\"cursor\":\"x\"}}");
    built.countDown();
    JsonNode early = next();
    assertThat(early.get("id").asInt()).isEqualTo(2);
    assertThat(early.at("/error/message").asString()).startsWith("server not initialized");
    assertThat(next().get("id").asInt()).isEqualTo(3);
  }

  @Test
  void malformedLinesAndEofStillGetTheDoorsAnswers() throws Exception {
    startEarly();
    pipes.in.send("{not json");
    pipes.in.send(init(1, "2025-11-25"));
    pipes.in.close();
    built.countDown();
    JsonNode parseError = next();
    assertThat(parseError.at("/error/code").asInt()).isEqualTo(-32700);
    assertThat(next().at("/result/protocolVersion").asString()).isEqualTo("2025-11-25");
  }

  @Test
  void answersAreForExactlyTheJarTheyWereRecordedFrom() throws Exception {
    Path jar = Files.writeString(dir.resolve("server.jar"), "jar bytes");
    Path file = CannedAnswers.fileFor(jar);
    assertThat(file.getFileName().toString()).isEqualTo("server.answers");
    assertThat(CannedAnswers.load(file, jar)).as("missing").isNull();
    canned.write(file, jar);
    assertThat(CannedAnswers.load(file, jar)).isEqualTo(canned);
    Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 1000));
    assertThat(CannedAnswers.load(file, jar)).as("another mtime").isNull();
    canned.write(file, jar);
    Files.writeString(jar, "other jar bytes");
    assertThat(CannedAnswers.load(file, jar)).as("another size").isNull();
    canned.write(file, jar);
    Files.writeString(file, Files.readString(file).replace("tools/list ", "tools/lists "));
    assertThat(CannedAnswers.load(file, jar)).as("malformed").isNull();
  }
}
