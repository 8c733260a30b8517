package dev.deploypipeline.mcp.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.app.App;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.mcp.DeployStatusTool;
import dev.deploypipeline.mcp.McpTool;
import dev.deploypipeline.mcp.ToolContext;
import dev.deploypipeline.mcp.ToolSupport;
import dev.deploypipeline.mcp.Tools;
import dev.deploypipeline.workflow.Sleeper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy_status runs on the SDK's inbound thread once warm; everything else must not. A tool call that blocks
 * (deploy_start with wait, here held on a latch) must leave the session answering other requests meanwhile.
 */
@Timeout(60)
class McpStdioServerConcurrencyTest {
  final CountDownLatch release = new CountDownLatch(1);
  final CountDownLatch entered = new CountDownLatch(1);
  final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
  PipedOutputStream toServer;

  /** Stands in for deploy_start with wait=true: it holds its thread until the test lets it go. */
  McpTool waiting() {
    return new McpTool() {
      @Override
      public McpSchema.Tool definition() {
        return ToolSupport.tool("deploy_start", "Wait", "Blocks until released.",
            "{\"type\":\"object\",\"properties\":{}}", ToolSupport.outputSchema("\"done\":{\"type\":\"boolean\"}", "done"),
            ToolSupport.annotations("Wait", false, false, false), null);
      }

      @Override
      public McpSchema.CallToolResult call(ToolContext ctx, Map<String, Object> arguments) {
        entered.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return ToolSupport.ok("released", Map.of("done", true));
      }
    };
  }

  void send(String json) throws Exception {
    toServer.write((json + "\n").getBytes(StandardCharsets.UTF_8));
    toServer.flush();
  }

  String call(int id, String tool) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
        + "\",\"arguments\":{}}}";
  }

  /** The ids of the next {@code n} responses, in arrival order. */
  List<Integer> nextIds(int n) throws InterruptedException {
    List<Integer> ids = new ArrayList<>();
    while (ids.size() < n) {
      String line = replies.poll(30, TimeUnit.SECONDS);
      assertThat(line).as("a response within 30 s (got %s so far)", ids).isNotNull();
      assertThat(line).doesNotContain("\"isError\":true").doesNotContain("\"error\":{\"code\"");
      ids.add(Integer.parseInt(line.replaceAll(".*\"id\":(\\d+).*", "$1")));
    }
    return ids;
  }

  @Test
  void aWaitingToolCallDoesNotStallStatusCallsOrPings(@TempDir Path dir) throws Exception {
    DeploymentService service = App.service(dir, Map.of(), Clock.systemUTC(), Sleeper.REAL, List.of());
    toServer = new PipedOutputStream();
    PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 16);
    PipedInputStream fromServer = new PipedInputStream(1 << 20);
    PipedOutputStream serverOut = new PipedOutputStream(fromServer);
    List<McpTool> tools = List.of(waiting(), new DeployStatusTool(service, Clock.systemUTC()));
    Thread server = new Thread(() -> McpStdioServer.serve(tools, serverIn, serverOut), "test-server");
    server.start();
    Thread reader = new Thread(() -> {
      try (var r = new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8))) {
        for (String l = r.readLine(); l != null; l = r.readLine()) replies.add(l);
      } catch (Exception ignored) {
        // the server closed its end
      }
    }, "test-reader");
    reader.setDaemon(true);
    reader.start();

    send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
    assertThat(nextIds(1)).containsExactly(1);
    send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");

    send(call(2, "deploy_start"));
    assertThat(entered.await(30, TimeUnit.SECONDS)).as("the waiting tool started").isTrue();
    send(call(3, "deploy_status")); // the quick lane: answered at once
    assertThat(nextIds(1)).containsExactly(3);
    send(call(4, "deploy_status")); // and again
    send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}");
    assertThat(nextIds(2)).containsExactly(4, 5);
    assertThat(replies).isEmpty(); // deploy_start is still waiting

    release.countDown();
    assertThat(nextIds(1)).containsExactly(2);
    toServer.close();
    server.join(10_000);
    service.shutdown();
    assertThat(server.isAlive()).isFalse();
  }

  @Test
  void onlyReadOnlyToolsThatNeverWaitTakeTheQuickLane(@TempDir Path dir) {
    DeploymentService service = App.service(dir, Map.of(), Clock.systemUTC(), Sleeper.REAL, List.of());
    try {
      var inline = Tools.all(service, Map.of(), Sleeper.REAL, Clock.systemUTC()).stream().map(McpTool::definition)
          .filter(d -> QuickLane.TOOLS.contains(d.name())).toList();
      assertThat(inline).extracting(McpSchema.Tool::name).containsExactlyInAnyOrderElementsOf(QuickLane.TOOLS);
      assertThat(inline).allSatisfy(d -> assertThat(d.annotations().readOnlyHint()).isTrue());
      assertThat(QuickLane.TOOLS).doesNotContain("deploy_start", "deploy_approve", "deploy_rollback",
          "notify_test", "harness_trigger_pipeline", "harness_get_execution");
    } finally {
      service.shutdown();
    }
  }
}
