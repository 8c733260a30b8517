package dev.deploypipeline.jira;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;

/**
 * The {@code jira} config section. The API token is never part of it: only the name of the environment variable
 * that holds it ({@code apiTokenEnv}, default {@code JIRA_API_TOKEN}), so it can be registered with the redactor
 * by name and never written down.
 *
 * @param baseUrl the Jira Cloud site, {@code https://<site>.atlassian.net}
 * @param email the Atlassian account the token belongs to; when absent, the {@code JIRA_EMAIL} variable
 * @param issuePattern the regular expression of an issue key in commit messages and branch names
 * @param projects only keys of these projects count (all when absent)
 * @param events the milestones that comment (default: started, awaiting-approval, completed, failed, rolled-back)
 * @param transition the transition (or target status) name to move each issue through on prod completion
 * @param deploymentUrl the deployment's page with {@code {id}}; the remote link and comment link point there
 */
public record JiraConfig(
    @NotBlank(message = "is required: set it to your Jira Cloud site, e.g. https://example.atlassian.net")
        @Pattern(regexp = "https?://[^\\s/]+(:[0-9]+)?/?", message = "must be the site's base URL such as "
            + "https://example.atlassian.net (no path)") String baseUrl,
    @Pattern(regexp = "\\S+@\\S+", message = "must be the email address of the Atlassian account that owns the API "
        + "token") String email,
    @Pattern(regexp = "[A-Z_][A-Z0-9_]*", message = "must be the NAME of an environment variable (e.g. "
        + "JIRA_API_TOKEN), never the token itself") String apiTokenEnv,
    String issuePattern,
    List<@Pattern(regexp = "[A-Z][A-Z0-9]+", message = "must be a Jira project key such as ABC") String> projects,
    List<@Pattern(regexp = "started|stage-failed|awaiting-approval|approved|rejected|completed|failed|rolled-back",
        message = "must be one of started, stage-failed, awaiting-approval, approved, rejected, completed, failed, "
            + "rolled-back") String> events,
    @Pattern(regexp = ".*\\S.*", message = "must be a transition name such as \"Done\"") String transition,
    @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL, with \\{id\\} where the deployment id goes")
        String deploymentUrl,
    @Min(value = 100, message = "must be at least 100 (ms)") @Max(value = 60000, message = "must be at most 60000 (ms)")
        Integer timeoutMs) {

  public static final String DEFAULT_PATTERN = "[A-Z][A-Z0-9]+-\\d+";
  public static final String DEFAULT_TOKEN_ENV = "JIRA_API_TOKEN";
  public static final String DEFAULT_EMAIL_ENV = "JIRA_EMAIL";
  public static final List<String> DEFAULT_EVENTS =
      List.of("started", "awaiting-approval", "completed", "failed", "rolled-back");

  public String baseUrlTrimmed() {
    return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  public String apiTokenEnvOrDefault() {
    return apiTokenEnv == null || apiTokenEnv.isBlank() ? DEFAULT_TOKEN_ENV : apiTokenEnv;
  }

  public String issuePatternOrDefault() {
    return issuePattern == null || issuePattern.isBlank() ? DEFAULT_PATTERN : issuePattern;
  }

  public List<String> projectList() {
    return projects == null ? List.of() : projects;
  }

  public List<String> eventList() {
    return events == null ? DEFAULT_EVENTS : events;
  }

  public Duration timeout() {
    return Duration.ofMillis(timeoutMs == null ? 10_000 : timeoutMs);
  }

  /** The deployment's page, or null when no URL is configured. */
  public String deploymentUrlFor(String deploymentId) {
    return deploymentUrl == null ? null : deploymentUrl.replace("{id}", deploymentId);
  }

  /**
   * What Jakarta cannot check: that the issue pattern is a regular expression, and that the token does not travel
   * in clear (http only to this machine). Messages name the path.
   */
  public List<String> problems() {
    List<String> out = new java.util.ArrayList<>();
    if (issuePattern != null) {
      try {
        java.util.regex.Pattern.compile(issuePattern);
      } catch (java.util.regex.PatternSyntaxException e) {
        out.add("jira.issuePattern: is not a regular expression (" + e.getDescription() + " at index " + e.getIndex()
            + "); the default is " + DEFAULT_PATTERN);
      }
    }
    if (baseUrl != null && baseUrl.startsWith("http://")) {
      String host;
      try {
        host = java.net.URI.create(baseUrlTrimmed()).getHost();
      } catch (IllegalArgumentException e) {
        host = null; // reported by the field's own check
      }
      if (host == null || !List.of("127.0.0.1", "localhost", "[::1]").contains(host)) {
        out.add("jira.baseUrl: must be https (http would send the API token in clear; it is accepted only for "
            + "127.0.0.1 or localhost)");
      }
    }
    return out;
  }
}
