package dev.deploypipeline.jira;

import dev.deploypipeline.secrets.Redactor;
import dev.deploypipeline.workflow.Failure;
import dev.deploypipeline.workflow.RetryAfter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jira Cloud REST v3 with basic auth (account email and API token). Each method makes exactly one request; retries
 * belong to the caller's {@code workflow.Retrier}. Failures are classified by the one rule
 * ({@link Failure#ofHttpStatus}), keep a 429's Retry-After, and carry Jira's own error text
 * ({@code errorMessages} and {@code errors}) plus what to do; never the token.
 */
public final class JiraClient {
  /** Honouring a longer Retry-After would hold the channel's queue; such a call fails instead. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
  static final JsonMapper JSON = JsonMapper.shared();

  /** One transition available to an issue now: its id, its name and the status it leads to. */
  public record Transition(String id, String name, String to) {}

  private final URI base;
  private final String authorization;
  private final Duration timeout;
  private final Redactor redactor;
  private final Clock clock;
  private final HttpClient http;

  public JiraClient(String baseUrl, String email, String token, Duration timeout, Redactor redactor, Clock clock) {
    this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    String credentials = Base64.getEncoder().encodeToString((email + ":" + token).getBytes(StandardCharsets.UTF_8));
    this.authorization = "Basic " + credentials;
    this.timeout = timeout;
    // The header's encoded form is as secret as the token.
    this.redactor = redactor.plus(List.of(token, credentials));
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  public void addComment(String key, String adfBodyJson) throws JiraException {
    send("POST", issuePath(key) + "/comment", adfBodyJson, "comment on " + key);
  }

  public List<Transition> transitions(String key) throws JiraException {
    JsonNode root = parse(send("GET", issuePath(key) + "/transitions", null, "list the transitions of " + key),
        "transitions of " + key);
    List<Transition> out = new ArrayList<>();
    for (JsonNode t : root.path("transitions")) {
      out.add(new Transition(t.path("id").asString(""), t.path("name").asString(""),
          t.path("to").path("name").asString("")));
    }
    return out;
  }

  public void transition(String key, String transitionId) throws JiraException {
    String body = JSON.writeValueAsString(JSON.createObjectNode().set("transition",
        JSON.createObjectNode().put("id", transitionId)));
    send("POST", issuePath(key) + "/transitions", body, "transition " + key);
  }

  public void addRemoteLink(String key, String remoteLinkJson) throws JiraException {
    send("POST", issuePath(key) + "/remotelink", remoteLinkJson, "link " + key + " to the deployment");
  }

  /** The account the credentials belong to: {@code notify test} for Jira. */
  public String myself() throws JiraException {
    JsonNode me = parse(send("GET", "rest/api/3/myself", null, "check the credentials"), "myself");
    return me.path("emailAddress").asString(me.path("displayName").asString(me.path("accountId").asString("?")));
  }

  private static String issuePath(String key) {
    return "rest/api/3/issue/" + URLEncoder.encode(key, StandardCharsets.UTF_8);
  }

  private String send(String method, String path, String json, String what) throws JiraException {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
        .header("Authorization", authorization).header("Accept", "application/json");
    if (json != null) {
      b.header("Content-Type", "application/json").method(method,
          HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response;
    try {
      response = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException | ConnectException e) {
      throw fail(Failure.transientFailure("jira: could not " + what + ": cannot connect to " + base
          + " (" + e.getClass().getSimpleName() + "); check jira.baseUrl and the network"), "connect-failed");
    } catch (HttpTimeoutException e) {
      throw fail(Failure.transientFailure("jira: could not " + what + ": no answer within " + timeout.toMillis()
          + " ms (jira.timeoutMs)"), "timeout");
    } catch (IOException e) {
      throw fail(Failure.transientFailure("jira: could not " + what + ": I/O error ("
          + e.getClass().getSimpleName() + ")"), "io-error");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail(Failure.permanent("jira: interrupted"), "interrupted");
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) return response.body();
    String message = "jira: could not " + what + ": HTTP " + status + errorText(response.body()) + hint(status);
    Failure failure = RetryAfter.notificationFailure(status, message,
        response.headers().firstValue("Retry-After").orElse(null), clock, MAX_RETRY_AFTER);
    throw fail(failure, "http-" + status);
  }

  private static String hint(int status) {
    return switch (status) {
      case 401 -> " — Jira rejected the credentials: set jira.email (or JIRA_EMAIL) to the Atlassian account's email "
          + "and the token variable (jira.apiTokenEnv) to an API token from id.atlassian.com (not a password)";
      case 403 -> " — the account lacks a permission here (Browse projects, Add comments, Transition issues or Link "
          + "issues); grant it in the project's permission scheme";
      case 404 -> " — the issue does not exist or the account cannot see it; check the key and jira.projects";
      case 429 -> " — Jira's rate limit; will retry";
      default -> status >= 500 ? " — Jira is unavailable right now; will retry" : "";
    };
  }

  /** Jira's error shape: {@code {"errorMessages": [...], "errors": {"field": "message"}}}. */
  private String errorText(String body) {
    if (body == null || body.isBlank()) return "";
    List<String> parts = new ArrayList<>();
    try {
      JsonNode n = JSON.readTree(body);
      for (JsonNode m : n.path("errorMessages")) parts.add(m.asString(""));
      n.path("errors").properties().forEach(e -> parts.add(e.getKey() + ": " + e.getValue().asString("")));
    } catch (JacksonException notJson) {
      parts.add(body.strip());
    }
    String text = String.join("; ", parts.stream().filter(s -> !s.isBlank()).toList()).replaceAll("\\s+", " ");
    if (text.length() > 300) text = text.substring(0, 300) + "…";
    return text.isEmpty() ? "" : " " + text;
  }

  private JsonNode parse(String body, String what) throws JiraException {
    try {
      return JSON.readTree(body);
    } catch (JacksonException e) {
      throw fail(Failure.permanent("jira: the answer for " + what + " is not JSON; is jira.baseUrl a Jira Cloud "
          + "site?"), "malformed");
    }
  }

  private JiraException fail(Failure f, String status) {
    return new JiraException(new Failure(f.kind(), redactor.redact(f.message()), f.retryAfter()), status);
  }
}
