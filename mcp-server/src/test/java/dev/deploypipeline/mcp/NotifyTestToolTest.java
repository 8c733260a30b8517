package dev.deploypipeline.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.notify.NotificationsConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NotifyTestToolTest {
  HttpServer teams;
  int answers = 202;

  @BeforeEach
  void start() throws Exception {
    teams = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    teams.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      ex.sendResponseHeaders(answers, -1);
      ex.close();
    });
    teams.start();
  }

  @AfterEach
  void stop() {
    teams.stop(0);
  }

  NotifyTestTool tool(Map<String, String> env) {
    var config = new PipelineConfig("payments", "local", null, null, null, null,
        new NotificationsConfig(List.of("teams"), null, null, null, null, 2000));
    return new NotifyTestTool(() -> config, env, d -> {}, Clock.systemUTC(), r -> {});
  }

  Map<String, String> env() {
    return Map.of("TEAMS_WEBHOOK_URL", "http://127.0.0.1:" + teams.getAddress().getPort() + "/wf?sig=abcdefgh");
  }

  @Test
  void definitionHasAnEnumInputStructuredOutputAndHonestAnnotations() {
    var def = tool(env()).definition();
    assertThat(def.name()).isEqualTo("notify_test");
    assertThat(def.inputSchema().get("required")).isEqualTo(List.of("channel"));
    @SuppressWarnings("unchecked")
    var channel = ((Map<String, Map<String, Object>>) def.inputSchema().get("properties")).get("channel");
    assertThat(channel.get("enum")).isEqualTo(List.of("slack", "teams", "email"));
    assertThat(def.outputSchema()).containsKey("properties");
    assertThat(def.annotations().readOnlyHint()).isFalse();
    assertThat(def.annotations().destructiveHint()).isFalse();
    assertThat(def.annotations().openWorldHint()).isTrue();
  }

  @Test
  void deliveredResultIsStructured() {
    var r = tool(env()).call(ToolContext.NONE, Map.of("channel", "teams"));
    assertThat(r.isError()).isFalse();
    assertThat(r.structuredContent()).isEqualTo(
        Map.of("channel", "teams", "delivered", true, "status", "sent", "attempts", 1));
  }

  @Test
  void undeliveredResultSaysWhyAndWhatNext() {
    answers = 400;
    var r = tool(env()).call(ToolContext.NONE, Map.of("channel", "teams"));
    @SuppressWarnings("unchecked")
    var s = (Map<String, Object>) r.structuredContent();
    assertThat(s).containsEntry("delivered", false).containsEntry("status", "http-400").containsEntry("attempts", 1)
        .containsKeys("error", "nextStep");
  }

  @Test
  void callerMistakesAreErrorResults() {
    var bad = tool(env()).call(ToolContext.NONE, Map.of("channel", "sms"));
    assertThat(bad.isError()).isTrue();
    var unset = tool(Map.of()).call(ToolContext.NONE, Map.of("channel", "teams"));
    assertThat(unset.isError()).isTrue();
    assertThat(unset.structuredContent().toString()).contains("notifications.teams.webhookUrl: TEAMS_WEBHOOK_URL is not set");
  }
}
