package dev.deploypipeline.mcp.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.mcp.SeededProjectTest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The quick lane answers byte for byte as the SDK does, and leaves to the SDK what only a schema can judge. */
class QuickLaneTest extends SeededProjectTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "\"deploy_status\",\"arguments\":{}",
      "\"deploy_status\"",
      "\"deploy_status\",\"arguments\":{\"deploymentId\":\"d-1\"}",
      "\"deploy_status\",\"arguments\":{\"deploymentId\":\"d-2\"}",
      "\"deploy_status\",\"arguments\":{\"deploymentId\":\"d-3\"}",
      "\"deploy_status\",\"arguments\":{\"deploymentId\":\"d-404\"}",
      "\"deploy_history\",\"arguments\":{}",
      "\"deploy_history\",\"arguments\":{},\"_meta\":{\"progressToken\":7}",
      "\"compose_validate\",\"arguments\":{\"content\":\"services:\\n  web:\\n    image: nginx:1.27\\n    ports: [\\\"8080:80\\\"]\\n\"}",
      "\"compose_validate\",\"arguments\":{\"content\":\"services:\\n  web:\\n    image: nginx\\n    privileged: true\\n    environment:\\n      TOKEN: ${UNSET_TOKEN}\\n  db:\\n    depends_on: [web, cache]\\n\"}",
      "\"compose_validate\",\"arguments\":{\"content\":\"services: [\",\"envFile\":\"missing.env\"}"})
  void answersExactlyAsTheSdkDoes(String nameAndArguments) throws Exception {
    String request = "{\"jsonrpc\":\"2.0\",\"id\":\"call-9\",\"method\":\"tools/call\",\"params\":{\"name\":"
        + nameAndArguments + "}}";
    String quick = exchange(true, request);
    String sdk = exchange(false, request);
    assertThat(quick).isEqualTo(sdk);
    assertThat(sdk).contains("\"id\":\"call-9\",\"result\":{\"content\":[{\"type\":\"text\"");
  }

  @Test
  void answersTheCallsItTakesWithoutTheSdk() {
    QuickLane lane = QuickLane.of(p.tools());
    assertThat(lane.answer("1", "deploy_status", Map.of())).contains("\"structuredContent\":{\"active\":[");
    assertThat(lane.answer("1", "deploy_status", Map.of("deploymentId", "d-3"))).contains("awaiting-approval");
    assertThat(lane.answer("\"a\"", "deploy_history", Map.of())).startsWith("{\"jsonrpc\":\"2.0\",\"id\":\"a\",");
    assertThat(lane.answer("2", "compose_validate", Map.of("content", "services:\n  web:\n    image: nginx\n")))
        .contains("\"structuredContent\":{\"valid\":true");
  }

  @Test
  void leavesToTheSdkWhatItsSchemasJudge() {
    QuickLane lane = QuickLane.of(p.tools());
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("deploymentId", "d-1");
    extra.put("verbose", "yes");
    assertThat(lane.answer("1", "deploy_status", Map.of("deploymentId", "x-1"))).isNull();
    assertThat(lane.answer("1", "deploy_status", Map.of("deploymentId", "d-1\n"))).isNull();
    assertThat(lane.answer("1", "deploy_status", extra)).isNull();
    assertThat(lane.answer("1", "deploy_status", null)).as("a non-string argument").isNull();
    assertThat(lane.answer("1", "deploy_history", Map.of("service", "demo"))).isNull();
    assertThat(lane.answer("1", "deploy_start", Map.of())).as("not a quick tool").isNull();
    assertThat(lane.answer("1", "compose_validate", Map.of("content", ""))).as("minLength 1").isNull();
    assertThat(lane.answer("1", "compose_validate", Map.of())).isNull();
    assertThat(lane.answer("1", "compose_validate", Map.of("content", "services: {}", "profile", "x"))).isNull();
    assertThat(lane.answer("1", "compose_validate", Map.of("content", "services: {}", "envFile", ""))).isNull();
    assertThat(lane.answer("1", "no_such_tool", Map.of())).isNull();
  }

  @Test
  void warmingRunsStatusButNeverWithAFlagsSectionWhoseServiceEachCallWouldAsk() throws Exception {
    java.util.concurrent.atomic.AtomicInteger readings = new java.util.concurrent.atomic.AtomicInteger();
    // Each call through WarmAfter reads this clock twice (its start and its end).
    QuietWarmUp counter = new QuietWarmUp(() -> { }, readings::incrementAndGet, d -> { });
    QuickLane lane = QuickLane.of(p.tools().stream()
        .map(t -> (dev.deploypipeline.mcp.McpTool) new ServeCommand.WarmAfter(t, counter)).toList());
    int before = readings.get();
    lane.warm(5, 60_000, dir);
    assertThat(readings.get() - before).isEqualTo(10);

    Path withFlags = dir.resolve("flagged");
    java.nio.file.Files.createDirectories(withFlags.resolve(".claude"));
    java.nio.file.Files.writeString(withFlags.resolve(".claude").resolve("deployment-config.json"),
        "{\"service\": \"demo\", \"flags\": {\"url\": \"http://127.0.0.1:9/api\"}}");
    before = readings.get();
    lane.warm(5, 60_000, withFlags);
    assertThat(readings.get() - before).isZero();
  }

  /** The line a fresh server over the seeded store sends back for {@code request}. */
  private static String exchange(boolean quick, String request) throws Exception {
    try (ServerUnderTest server = new ServerUnderTest(p.tools(), quick)) {
      server.handshake();
      p.clock.rewind(java.time.Instant.parse("2026-11-26T09:00:00Z"));
      server.send(request);
      return server.nextLine();
    }
  }
}
