package dev.deploypipeline.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.jira.FakeJiraServer;
import dev.deploypipeline.jira.JiraConfig;
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
    assertThat(channel.get("enum")).isEqualTo(List.of("slack", "teams", "email", "jira"));
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

  NotifyTestTool jiraTool(String baseUrl, Map<String, String> env) {
    var jira = new JiraConfig(baseUrl, FakeJiraServer.EMAIL, null, null, null, null, null, null, 2000);
    var config = new PipelineConfig("payments", "local", null, null, null, null, null, null, null, jira, null, null);
    return new NotifyTestTool(() -> config, env, d -> {}, Clock.systemUTC(), r -> {});
  }

  @Test
  void jiraIsTestedByAskingWhoTheCredentialsBelongToAndTouchesNoIssue() throws Exception {
    try (FakeJiraServer jira = new FakeJiraServer("ABC-1")) {
      var ok = jiraTool(jira.baseUrl(), Map.of("JIRA_API_TOKEN", FakeJiraServer.TOKEN))
          .call(ToolContext.NONE, Map.of("channel", "jira"));
      assertThat(ok.structuredContent()).isEqualTo(
          Map.of("channel", "jira", "delivered", true, "status", "sent", "attempts", 1));
      assertThat(jira.lines()).containsExactly("GET /rest/api/3/myself");

      var rejected = jiraTool(jira.baseUrl(), Map.of("JIRA_API_TOKEN", "ATATT3xNotTheToken"))
          .call(ToolContext.NONE, Map.of("channel", "jira"));
      @SuppressWarnings("unchecked")
      var s = (Map<String, Object>) rejected.structuredContent();
      assertThat(s).containsEntry("delivered", false).containsEntry("status", "http-401")
          .containsEntry("attempts", 1);
      assertThat((String) s.get("error")).contains("Jira rejected the credentials").doesNotContain("ATATT3xNotTheToken");
      assertThat((String) s.get("nextStep")).contains("the jira section");

      var unset = jiraTool(jira.baseUrl(), Map.of()).call(ToolContext.NONE, Map.of("channel", "jira"));
      assertThat(unset.structuredContent().toString()).contains("jira.apiTokenEnv: JIRA_API_TOKEN is not set");
      assertThat(jira.lines()).hasSize(2);
    }
  }

  @Test
  void jiraWithoutItsSectionSaysWhatToAdd() {
    var r = tool(env()).call(ToolContext.NONE, Map.of("channel", "jira"));
    assertThat(r.isError()).isTrue();
    assertThat(r.structuredContent().toString()).contains("the config has no jira section");
  }
}
