package dev.deploypipeline.jira;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.config.ConfigException;
import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.secrets.Redaction;
import dev.deploypipeline.testutil.TestProjects;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code jira} section through the real loader: defaults, and every error naming its path and the fix. */
class JiraConfigTest {
  @AfterEach
  void forget() {
    Redaction.reset();
  }

  static String config(String jira) {
    return TestProjects.config("true", "true", "true", "true", "true", "\"jira\":" + jira);
  }

  static List<String> problems(String jira) {
    try {
      new ConfigLoader(Map.of()).parse(config(jira), "deployment-config.json");
      return List.of();
    } catch (ConfigException e) {
      return e.problems();
    }
  }

  @Test
  void theMinimalSectionGetsTheDefaults() {
    PipelineConfig c = new ConfigLoader(Map.of()).parse(config("{\"baseUrl\":\"https://acme.atlassian.net/\"}"),
        "deployment-config.json");
    JiraConfig j = c.jira();
    assertThat(j.baseUrlTrimmed()).isEqualTo("https://acme.atlassian.net");
    assertThat(j.apiTokenEnvOrDefault()).isEqualTo("JIRA_API_TOKEN");
    assertThat(j.issuePatternOrDefault()).isEqualTo("[A-Z][A-Z0-9]+-\\d+");
    assertThat(j.eventList()).containsExactly("started", "awaiting-approval", "completed", "failed", "rolled-back");
    assertThat(j.deploymentUrlFor("d-1")).isNull();
    assertThat(j.transition()).isNull();
  }

  @Test
  void errorsNameThePathAndTheFix() {
    assertThat(problems("""
        {"baseUrl":"https://acme.atlassian.net/jira","email":"bob","apiTokenEnv":"ATATT3xabc.def",
         "issuePattern":"[A-Z+-(\\\\d","projects":["abc"],"events":["deployed"],"transition":" ",
         "deploymentUrl":"dash/{id}","timeoutMs":5}""")).containsExactlyInAnyOrder(
        "jira.baseUrl: must be the site's base URL such as https://example.atlassian.net (no path)",
        "jira.email: must be the email address of the Atlassian account that owns the API token",
        "jira.apiTokenEnv: must be the NAME of an environment variable (e.g. JIRA_API_TOKEN), never the token itself",
        "jira.issuePattern: is not a regular expression (Illegal character range at index 6); the default is "
            + "[A-Z][A-Z0-9]+-\\d+",
        "jira.projects[0]: must be a Jira project key such as ABC",
        "jira.events[0]: must be one of started, stage-failed, awaiting-approval, approved, rejected, completed, "
            + "failed, rolled-back",
        "jira.transition: must be a transition name such as \"Done\"",
        "jira.deploymentUrl: must be an http(s) URL, with {id} where the deployment id goes",
        "jira.timeoutMs: must be at least 100 (ms)");
  }

  @Test
  void theSiteIsRequiredAndHttpOnlyOnThisMachine() {
    assertThat(problems("{}")).containsExactly(
        "jira.baseUrl: is required: set it to your Jira Cloud site, e.g. https://example.atlassian.net");
    assertThat(problems("{\"baseUrl\":\"http://acme.atlassian.net\"}")).containsExactly(
        "jira.baseUrl: must be https (http would send the API token in clear; it is accepted only for 127.0.0.1 or "
            + "localhost)");
    assertThat(problems("{\"baseUrl\":\"http://127.0.0.1:8080\"}")).isEmpty();
  }

  @Test
  void anUnknownKeySuggestsTheRightOne() {
    assertThat(problems("{\"baseUrl\":\"https://acme.atlassian.net\",\"transitions\":\"Done\"}"))
        .singleElement().satisfies(p -> assertThat(p).startsWith("jira.transitions: unknown key; did you mean "
            + "'transition'?"));
  }

  @Test
  void theTokenVariableIsKnownToTheRedactorOnceTheConfigLoads() {
    new ConfigLoader(Map.of("MY_JIRA", "s3cr3t-jira-token-value"))
        .parse(config("{\"baseUrl\":\"https://acme.atlassian.net\",\"apiTokenEnv\":\"MY_JIRA\"}"),
            "deployment-config.json");
    assertThat(Redaction.redact("token s3cr3t-jira-token-value")).isEqualTo("token [redacted:MY_JIRA]");
  }

  @Test
  void aConfigWithoutTheSectionHasNone() {
    assertThat(new ConfigLoader(Map.of()).parse(TestProjects.config("true", "true", "true", "true", "true", null),
        "deployment-config.json").jira()).isNull();
  }
}
