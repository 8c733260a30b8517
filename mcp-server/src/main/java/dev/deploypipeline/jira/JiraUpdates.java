package dev.deploypipeline.jira;

import dev.deploypipeline.secrets.Redactor;
import dev.deploypipeline.workflow.Failure;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Jira channel: for one milestone, a comment on every linked issue and, on prod completion, the configured
 * transition and a remote link to the deployment. {@link #send} is one attempt of the caller's retrier; a retry of
 * the same milestone resumes at the call that failed, so an issue never gets the same comment twice. A permanent
 * failure on one issue (it does not exist, the transition is not available) skips what depends on it and the
 * other issues still get theirs; the failure is reported once all have been tried. Rejected credentials end the
 * attempt at once.
 */
public final class JiraUpdates {
  private record Step(String issue, String part, Call call) {}

  @FunctionalInterface
  private interface Call {
    void run() throws JiraException;
  }

  private final JiraConfig config;
  private final JiraClient client;
  private final String setupError;
  private final IssueKeys keys;

  private JiraMilestone current;
  private int next;
  private final Map<String, String> transitionIds = new HashMap<>();
  private final Set<String> skipped = new HashSet<>();
  private final List<JiraException> failures = new ArrayList<>();

  JiraUpdates(JiraConfig config, JiraClient client, String setupError) {
    this.config = config;
    this.client = client;
    this.setupError = setupError;
    this.keys = IssueKeys.of(config);
  }

  /**
   * The channel for {@code config}, with the email and token read from {@code env}. Missing credentials do not stop
   * anything: each delivery then fails with what to set, and is audited as such.
   */
  public static JiraUpdates fromEnvironment(JiraConfig config, Map<String, String> env, Redactor redactor,
      Clock clock) {
    String tokenVar = config.apiTokenEnvOrDefault();
    String token = env.get(tokenVar);
    String email = config.email() != null ? config.email() : env.get(JiraConfig.DEFAULT_EMAIL_ENV);
    List<String> missing = new ArrayList<>();
    if (email == null || email.isBlank()) {
      missing.add("jira.email: is not set; set it to the Atlassian account's email, or export "
          + JiraConfig.DEFAULT_EMAIL_ENV);
    }
    if (token == null || token.isBlank()) {
      missing.add("jira.apiTokenEnv: " + tokenVar + " is not set; export " + tokenVar + " with an API token from "
          + "https://id.atlassian.com/manage-profile/security/api-tokens");
    }
    if (!missing.isEmpty()) return new JiraUpdates(config, null, String.join("; ", missing));
    return new JiraUpdates(config, new JiraClient(config.baseUrlTrimmed(), email, token, config.timeout(), redactor,
        clock), null);
  }

  /** The account the credentials belong to, asked of Jira: {@code notify test} for this channel. */
  public String checkCredentials() throws JiraException {
    if (setupError != null) throw new JiraException(Failure.permanent(setupError), "not-configured");
    return client.myself();
  }

  /** The keys {@code milestone} concerns. */
  public List<String> issues(JiraMilestone milestone) {
    return keys.find(milestone.texts());
  }

  /** One attempt; see the class comment for what a retry of the same milestone does. */
  public synchronized void send(JiraMilestone m) throws JiraException {
    if (setupError != null) throw new JiraException(Failure.permanent(setupError), "not-configured");
    if (m != current) {
      current = m;
      next = 0;
      transitionIds.clear();
      skipped.clear();
      failures.clear();
    }
    List<Step> steps = plan(m);
    for (; next < steps.size(); next++) {
      Step s = steps.get(next);
      if (skipped.contains(s.issue()) || skipped.contains(s.issue() + "/" + s.part())) continue;
      try {
        s.call().run();
      } catch (JiraException e) {
        // Rejected credentials fail every call alike: trying the other issues would only repeat the 401.
        if (e.failure().isTransient() || e.status().equals("http-401")) throw e;
        failures.add(e);
        skipped.add(s.part().equals("comment") ? s.issue() : s.issue() + "/" + s.part());
      }
    }
    if (!failures.isEmpty()) {
      throw new JiraException(Failure.permanent(String.join("; ", failures.stream().map(Exception::getMessage)
          .toList())), failures.get(0).status());
    }
  }

  /** The calls, in order: per issue its comment, then on prod completion the transition and the remote link. */
  private List<Step> plan(JiraMilestone m) {
    List<Step> steps = new ArrayList<>();
    String comment = Adf.comment(m);
    for (String issue : issues(m)) {
      steps.add(new Step(issue, "comment", () -> client.addComment(issue, comment)));
      if (!m.completesProd()) continue;
      if (config.transition() != null) {
        steps.add(new Step(issue, "transition", () -> transitionIds.put(issue, resolve(issue))));
        steps.add(new Step(issue, "transition", () -> client.transition(issue, transitionIds.get(issue))));
      }
      if (m.url() != null) {
        String link = Adf.remoteLink(m);
        steps.add(new Step(issue, "remotelink", () -> client.addRemoteLink(issue, link)));
      }
    }
    return steps;
  }

  /** The id of the configured transition, matched by its name or by the status it leads to, ignoring case. */
  private String resolve(String issue) throws JiraException {
    String wanted = config.transition().strip();
    List<JiraClient.Transition> available = client.transitions(issue);
    for (JiraClient.Transition t : available) {
      if (t.name().equalsIgnoreCase(wanted)) return t.id();
    }
    for (JiraClient.Transition t : available) {
      if (t.to().equalsIgnoreCase(wanted)) return t.id();
    }
    String names = available.isEmpty() ? "none (the workflow offers no transition from the issue's status)"
        : String.join(", ", available.stream().map(t -> "'" + t.name() + "'"
            + (t.to().isEmpty() ? "" : " (→ " + t.to() + ")")).toList());
    throw new JiraException(Failure.permanent("jira.transition: '" + wanted + "' is not available for " + issue
        + " now; its available transitions are " + names + "; set jira.transition to one of them"),
        "unknown-transition");
  }
}
