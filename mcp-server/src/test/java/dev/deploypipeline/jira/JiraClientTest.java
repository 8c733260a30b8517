package dev.deploypipeline.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.deploypipeline.secrets.Redactor;
import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.workflow.Failure;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One call each against {@link FakeJiraServer}: the wire format, and each error classified with Jira's own text. */
class JiraClientTest {
  static final String COMMENT = "{\"body\":{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"paragraph\","
      + "\"content\":[{\"type\":\"text\",\"text\":\"hello\"}]}]}}";
  FakeJiraServer jira;
  JiraClient client;

  @BeforeEach
  void start() throws Exception {
    jira = new FakeJiraServer("ABC-1");
    client = client(FakeJiraServer.TOKEN);
  }

  @AfterEach
  void stop() {
    jira.close();
  }

  JiraClient client(String token) {
    return new JiraClient(jira.baseUrl(), FakeJiraServer.EMAIL, token, Duration.ofSeconds(2), Redactor.NONE,
        TestClock.at("2026-11-25T10:00:00Z"));
  }

  JiraException failure(Call c) {
    return catchThrowableOfType(JiraException.class, c::run);
  }

  interface Call {
    void run() throws Exception;
  }

  @Test
  void theCallsUseTheDocumentedPathsAndBodies() throws Exception {
    client.addComment("ABC-1", COMMENT);
    List<JiraClient.Transition> ts = client.transitions("ABC-1");
    assertThat(ts).extracting(JiraClient.Transition::name).containsExactly("Start progress", "Done");
    client.transition("ABC-1", "21");
    client.addRemoteLink("ABC-1", "{\"globalId\":\"g1\",\"object\":{\"url\":\"https://d/1\",\"title\":\"t\"}}");
    assertThat(client.myself()).isEqualTo(FakeJiraServer.EMAIL);

    assertThat(jira.lines()).containsExactly("POST /rest/api/3/issue/ABC-1/comment",
        "GET /rest/api/3/issue/ABC-1/transitions", "POST /rest/api/3/issue/ABC-1/transitions",
        "POST /rest/api/3/issue/ABC-1/remotelink", "GET /rest/api/3/myself");
    assertThat(jira.received().get(2).body()).isEqualTo("{\"transition\":{\"id\":\"21\"}}");
    assertThat(jira.received().get(0).header("content-type")).isEqualTo("application/json");
    assertThat(jira.received().get(1).header("accept")).isEqualTo("application/json");
    assertThat(jira.statusOf("ABC-1")).isEqualTo("In Progress");
  }

  @Test
  void a401IsPermanentAndSaysWhatToSetWithoutTheToken() {
    String wrong = "ATATT3xWrongOne";
    JiraException e = failure(() -> client(wrong).addComment("ABC-1", COMMENT));
    assertThat(e.status()).isEqualTo("http-401");
    assertThat(e.failure().isTransient()).isFalse();
    assertThat(e.getMessage()).startsWith("jira: could not comment on ABC-1: HTTP 401 Client must be authenticated "
        + "to access this resource. — Jira rejected the credentials").doesNotContain(wrong);
  }

  @Test
  void a400CarriesJirasFieldErrors() {
    JiraException e = failure(() -> client.addComment("ABC-1", "{\"body\":\"plain text is v2, not v3\"}"));
    assertThat(e.status()).isEqualTo("http-400");
    assertThat(e.getMessage()).contains("HTTP 400 comment: Comment body is not valid!");
    e = failure(() -> client.transition("ABC-1", "99"));
    assertThat(e.getMessage()).contains("Transition id '99' is not valid for this issue.");
    assertThat(e.failure().isTransient()).isFalse();
  }

  @Test
  void a403And404AreExplained() {
    jira.fault("remotelink", FakeJiraServer.Fault.of(403, "You do not have permission to link issues."));
    JiraException e = failure(() -> client.addRemoteLink("ABC-1", "{\"object\":{\"url\":\"u\",\"title\":\"t\"}}"));
    assertThat(e.getMessage()).contains("HTTP 403 You do not have permission to link issues.")
        .contains("Link issues");
    e = failure(() -> client.addComment("NOPE-1", COMMENT));
    assertThat(e.status()).isEqualTo("http-404");
    assertThat(e.getMessage()).contains("Issue does not exist or you do not have permission to see it.")
        .contains("check the key and jira.projects");
  }

  @Test
  void a429KeepsItsRetryAfterUnlessItIsLongerThanANotificationWaits() {
    jira.fault("comment", FakeJiraServer.Fault.rateLimited("5"), FakeJiraServer.Fault.rateLimited("120"),
        FakeJiraServer.Fault.rateLimited("Wed, 25 Nov 2026 10:00:09 GMT"));
    JiraException e = failure(() -> client.addComment("ABC-1", COMMENT));
    assertThat(e.failure().kind()).isEqualTo(Failure.Kind.TRANSIENT);
    assertThat(e.failure().retryAfter()).isEqualTo(Optional.of(Duration.ofSeconds(5)));
    e = failure(() -> client.addComment("ABC-1", COMMENT));
    assertThat(e.failure().isTransient()).isFalse();
    assertThat(e.getMessage()).contains("Retry-After 120 s is longer than the 60 s a notification waits");
    e = failure(() -> client.addComment("ABC-1", COMMENT));
    assertThat(e.failure().retryAfter()).isEqualTo(Optional.of(Duration.ofSeconds(9)));
  }

  @Test
  void aServerErrorIsTransientAndARefusedConnectionToo() throws Exception {
    jira.fault("transitions", FakeJiraServer.Fault.of(503, "Service Unavailable"));
    assertThat(failure(() -> client.transitions("ABC-1")).failure().isTransient()).isTrue();
    jira.close();
    JiraException e = failure(() -> client.transitions("ABC-1"));
    assertThat(e.status()).isEqualTo("connect-failed");
    assertThat(e.failure().isTransient()).isTrue();
  }

  @Test
  void anErrorThatEchoesTheTokenOrTheAuthHeaderIsRedacted() {
    String header = java.util.Base64.getEncoder().encodeToString((FakeJiraServer.EMAIL + ":" + FakeJiraServer.TOKEN)
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    jira.fault("comment", FakeJiraServer.Fault.of(400, "bad token " + FakeJiraServer.TOKEN + " in Basic " + header));
    JiraException e = failure(() -> client.addComment("ABC-1", COMMENT));
    assertThat(e.getMessage()).contains("bad token [redacted] in Basic [redacted]").doesNotContain(FakeJiraServer.TOKEN)
        .doesNotContain(header);
  }
}
