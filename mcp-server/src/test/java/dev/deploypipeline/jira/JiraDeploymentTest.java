package dev.deploypipeline.jira;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.app.App;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.notify.Delivery;
import dev.deploypipeline.notify.NotificationDispatcher;
import dev.deploypipeline.store.AuditEntry;
import dev.deploypipeline.testutil.RecordingSleeper;
import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.testutil.TestProjects;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.State;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Jira through the whole engine: {@link App#service} with a {@code jira} section, local stages, a real git
 * repository whose branch and commit messages name the issues, and {@link FakeJiraServer} on 127.0.0.1. The token
 * comes from the env map only and must reach no audit entry.
 */
class JiraDeploymentTest {
  static final String BRANCH = "feature/ABC-3-checkout";

  @TempDir Path dir;
  final TestClock clock = TestClock.at("2026-11-25T10:00:00Z");
  final RecordingSleeper sleeper = new RecordingSleeper(clock);

  static String config(String baseUrl, String transition, String build) {
    String jira = """
        "jira":{"baseUrl":"%s","email":"%s","projects":["ABC"],"transition":"%s",
                "deploymentUrl":"https://deploy.example.com/deployments/{id}","timeoutMs":2000}
        """.formatted(baseUrl, FakeJiraServer.EMAIL, transition);
    return TestProjects.config("true", build, "true", "echo deployed $ENVIRONMENT", "true", jira);
  }

  static Map<String, String> env(String token) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("JIRA_API_TOKEN", token);
    env.put("DEPLOY_PIPELINE_USER", "alice@example.com");
    return env;
  }

  DeploymentService service(String config, String token) throws Exception {
    TestProjects.gitProject(dir, config);
    TestProjects.git(dir, "checkout", "-q", "-b", BRANCH);
    TestProjects.commit(dir, "ABC-1 retry card payments (also fixes XYZ-9)");
    return App.service(dir, env(token), clock, sleeper, List.of());
  }

  static NotificationDispatcher dispatcher(DeploymentService s) {
    return s.listeners().stream().filter(NotificationDispatcher.class::isInstance)
        .map(NotificationDispatcher.class::cast).findFirst().orElseThrow();
  }

  /** Runs dev → staging → approval → prod → completed and waits for every Jira call to be made. */
  static Deployment fullDeployment(DeploymentService s) throws Exception {
    Deployment d = s.drive(s.start("svc", BRANCH, null, "alice@example.com").id());
    assertThat(d.state()).isEqualTo(State.AWAITING_APPROVAL);
    s.decide(d.id(), "approve", "bob@example.com", "ship it");
    d = s.drive(d.id());
    assertThat(d.state()).isEqualTo(State.COMPLETED);
    assertThat(dispatcher(s).drain(Duration.ofSeconds(20))).isTrue();
    return d;
  }

  static List<String> milestone(String issue) {
    return List.of("POST /rest/api/3/issue/" + issue + "/comment");
  }

  static List<String> completion(String issue) {
    String p = "/rest/api/3/issue/" + issue;
    return List.of("POST " + p + "/comment", "GET " + p + "/transitions", "POST " + p + "/transitions",
        "POST " + p + "/remotelink");
  }

  static List<String> concat(List<?>... parts) {
    return java.util.Arrays.stream(parts).flatMap(List::stream).map(String::valueOf).toList();
  }

  static List<AuditEntry> jiraAudit(DeploymentService s, String id) {
    return s.audit(id).stream().filter(e -> "jira".equals(e.details().get("channel"))).toList();
  }

  @Test
  void aFullDeploymentMakesExactlyTheExpectedCallsInOrder() throws Exception {
    try (FakeJiraServer jira = new FakeJiraServer("ABC-1", "ABC-3")) {
      DeploymentService s = service(config(jira.baseUrl(), "Done", "true"), FakeJiraServer.TOKEN);
      Deployment d = fullDeployment(s);

      // Branch first, then the commit; XYZ-9 is outside jira.projects. Approved is not a Jira milestone.
      assertThat(jira.lines()).containsExactlyElementsOf(concat(milestone("ABC-3"), milestone("ABC-1"),
          milestone("ABC-3"), milestone("ABC-1"), completion("ABC-3"), completion("ABC-1")));
      assertThat(jira.statusOf("ABC-1")).isEqualTo("Done");
      assertThat(jira.statusOf("ABC-3")).isEqualTo("Done");
      assertThat(jira.received().get(6).json().path("transition").path("id").asString()).isEqualTo("31");

      List<JsonNode> comments = jira.comments("ABC-1");
      assertThat(comments).hasSize(3);
      JsonNode last = comments.get(2);
      assertThat(last.path("type").asString()).isEqualTo("doc");
      String text = last.toString();
      assertThat(text).contains("Deployment completed").contains("→ prod").contains("\"text\":\"completed\"")
          .contains("https://deploy.example.com/deployments/" + d.id());
      assertThat(comments.get(1).toString()).contains("Awaiting approval").contains("awaiting-approval");

      JsonNode link = jira.remoteLinks("ABC-1").get("deployment-pipeline:svc:" + d.id());
      assertThat(link.path("object").path("url").asString()).isEqualTo("https://deploy.example.com/deployments/"
          + d.id());
      assertThat(link.path("object").path("title").asString()).startsWith("svc ").endsWith(" deployed to prod");

      assertThat(jiraAudit(s, d.id())).extracting(AuditEntry::event).containsOnly(Delivery.SENT).hasSize(3);
      assertThat(jira.received()).allSatisfy(r -> assertThat(r.header("authorization")).startsWith("Basic "));
      assertThat(s.audit(d.id()).toString()).doesNotContain(FakeJiraServer.TOKEN);
      try (var files = java.nio.file.Files.walk(dir.resolve(".claude"))) {
        for (Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
          assertThat(java.nio.file.Files.readString(f)).as(f.toString()).doesNotContain(FakeJiraServer.TOKEN);
        }
      }
    }
  }

  @Test
  void theIssuesAreThoseOfTheCommitsSinceTheLastCompletedDeployment() throws Exception {
    try (FakeJiraServer jira = new FakeJiraServer("ABC-1", "ABC-2", "ABC-3", "ABC-4")) {
      DeploymentService s = service(config(jira.baseUrl(), "Done", "true"), FakeJiraServer.TOKEN);
      fullDeployment(s);
      int before = jira.received().size();
      TestProjects.commit(dir, "ABC-2 show the receipt");
      TestProjects.commit(dir, "Merge: ABC-4 and the docs");

      fullDeployment(s);
      List<String> second = jira.lines().subList(before, jira.lines().size());
      // ABC-1 shipped with the first deployment; the branch still names ABC-3 (now Done, so no transition).
      assertThat(second.stream().filter(l -> l.endsWith("/comment")).distinct())
          .containsExactly("POST /rest/api/3/issue/ABC-3/comment", "POST /rest/api/3/issue/ABC-4/comment",
              "POST /rest/api/3/issue/ABC-2/comment");
      assertThat(jira.statusOf("ABC-2")).isEqualTo("Done");
      assertThat(jira.statusOf("ABC-4")).isEqualTo("Done");
    }
  }

  @Test
  void aRejectedTokenIsAuditedAsNotifyFailedWithWhatToDoAndTheDeploymentCompletes() throws Exception {
    try (FakeJiraServer jira = new FakeJiraServer("ABC-1", "ABC-3")) {
      String wrong = "ATATT3xWrongTokenValue";
      DeploymentService s = service(config(jira.baseUrl(), "Done", "true"), wrong);
      Deployment d = fullDeployment(s);

      List<AuditEntry> failed = jiraAudit(s, d.id());
      assertThat(failed).extracting(AuditEntry::event).containsOnly(Delivery.FAILED).hasSize(3);
      assertThat(failed).extracting(e -> e.details().get("kind")).containsExactly("started", "awaiting-approval",
          "completed");
      AuditEntry first = failed.get(0);
      assertThat(first.details().get("status")).isEqualTo("http-401");
      assertThat(first.attempt()).isEqualTo(1);  // 401 is permanent: no retry
      assertThat((String) first.details().get("error")).contains("HTTP 401")
          .contains("Client must be authenticated").contains("API token");
      // The first call of each milestone fails, and nothing after it is tried.
      assertThat(jira.lines()).containsExactly("POST /rest/api/3/issue/ABC-3/comment",
          "POST /rest/api/3/issue/ABC-3/comment", "POST /rest/api/3/issue/ABC-3/comment");
      assertThat(s.audit(d.id()).toString()).doesNotContain(wrong);
    }
  }

  @Test
  void aRateLimitIsRetriedAfterRetryAfterAndResumesWithoutRepeatingWhatSucceeded() throws Exception {
    try (FakeJiraServer jira = new FakeJiraServer("ABC-1", "ABC-3")) {
      jira.fault("transition", FakeJiraServer.Fault.rateLimited("7"));
      DeploymentService s = service(config(jira.baseUrl(), "Done", "true"), FakeJiraServer.TOKEN);
      Deployment d = fullDeployment(s);

      // The retry repeats only the throttled call: not ABC-3's comment, not its transitions lookup.
      String p = "/rest/api/3/issue/ABC-3";
      assertThat(jira.lines()).containsExactlyElementsOf(concat(milestone("ABC-3"), milestone("ABC-1"),
          milestone("ABC-3"), milestone("ABC-1"), List.of("POST " + p + "/comment", "GET " + p + "/transitions",
              "POST " + p + "/transitions", "POST " + p + "/transitions", "POST " + p + "/remotelink"),
          completion("ABC-1")));
      assertThat(sleeper.sleeps()).contains(Duration.ofSeconds(7));
      assertThat(jira.comments("ABC-3")).hasSize(3);
      AuditEntry completed = jiraAudit(s, d.id()).get(2);
      assertThat(completed.event()).isEqualTo(Delivery.SENT);
      assertThat(completed.attempt()).isEqualTo(2);
    }
  }

  @Test
  void anUnknownTransitionNamesTheAvailableOnesAndTheOtherUpdatesStillHappen() throws Exception {
    try (FakeJiraServer jira = new FakeJiraServer("ABC-1", "ABC-3")) {
      DeploymentService s = service(config(jira.baseUrl(), "Deployed", "true"), FakeJiraServer.TOKEN);
      Deployment d = fullDeployment(s);

      String p1 = "/rest/api/3/issue/ABC-3";
      String p2 = "/rest/api/3/issue/ABC-1";
      assertThat(jira.lines().subList(4, jira.lines().size())).containsExactly("POST " + p1 + "/comment",
          "GET " + p1 + "/transitions", "POST " + p1 + "/remotelink", "POST " + p2 + "/comment",
          "GET " + p2 + "/transitions", "POST " + p2 + "/remotelink");
      AuditEntry completed = jiraAudit(s, d.id()).get(2);
      assertThat(completed.event()).isEqualTo(Delivery.FAILED);
      assertThat(completed.details().get("status")).isEqualTo("unknown-transition");
      assertThat((String) completed.details().get("error"))
          .contains("jira.transition: 'Deployed' is not available for ABC-3")
          .contains("'Start progress' (→ In Progress), 'Done' (→ Done)")
          .contains("ABC-1");
      assertThat(jira.statusOf("ABC-1")).isEqualTo("To Do");
    }
  }

  @Test
  void aMissingTokenFailsEachMilestoneWithWhatToExportAndCallsNothing() throws Exception {
    try (FakeJiraServer jira = new FakeJiraServer("ABC-1")) {
      TestProjects.gitProject(dir, config(jira.baseUrl(), "Done", "true"));
      DeploymentService s = App.service(dir, Map.of("DEPLOY_PIPELINE_USER", "alice@example.com"), clock, sleeper,
          List.of());
      Deployment d = s.drive(s.start("svc", "main", null, "alice@example.com").id());
      assertThat(d.state()).isEqualTo(State.AWAITING_APPROVAL);
      assertThat(dispatcher(s).drain(Duration.ofSeconds(20))).isTrue();
      assertThat(jira.received()).isEmpty();
      assertThat(jiraAudit(s, d.id())).hasSize(2).allSatisfy(e -> {
        assertThat(e.event()).isEqualTo(Delivery.FAILED);
        assertThat((String) e.details().get("error")).contains("jira.apiTokenEnv: JIRA_API_TOKEN is not set");
      });
    }
  }
}
