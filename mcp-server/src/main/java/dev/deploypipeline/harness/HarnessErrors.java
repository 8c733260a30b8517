package dev.deploypipeline.harness;

import dev.deploypipeline.workflow.Failure;
import dev.deploypipeline.workflow.RetryAfter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Turns a failed Harness exchange into a classified {@link HarnessException} whose message names the fix. 429 and
 * 500/502/503/504, timeouts and I/O errors are transient (as Harness's own clients treat them); the rest is not.
 */
final class HarnessErrors {
  private final String apiKeyEnv;
  private final String scope;
  private final Clock clock;
  private final dev.deploypipeline.secrets.Redactor redactor;

  /**
   * {@code apiKey} is masked in every message built from a response: an error page (a proxy, a WAF, a debug
   * endpoint) may echo the request headers back, and these messages go to state, audit and tool output.
   */
  HarnessErrors(String apiKeyEnv, String scope, Clock clock, String apiKey) {
    this.apiKeyEnv = apiKeyEnv;
    this.scope = scope;
    this.clock = clock;
    java.util.Map<String, String> secrets = new java.util.LinkedHashMap<>();
    if (apiKey != null) {
      secrets.put(apiKey, apiKeyEnv);
      // pat.<account>.<token id>.<secret>: the last part alone is still the secret.
      String[] parts = apiKey.split("\\.");
      if (parts.length > 3) secrets.put(parts[parts.length - 1], apiKeyEnv);
    }
    this.redactor = dev.deploypipeline.secrets.Redactor.named(secrets);
    // Known to every sink from now on, not only to the messages built here.
    dev.deploypipeline.secrets.Redaction.learn(redactor);
  }

  HarnessException fromResponse(String op, int status, HttpHeaders headers, String body) {
    String code = null;
    String message = null;
    String correlationId = null;
    try {
      JsonNode n = Json.MAPPER.readTree(body == null || body.isBlank() ? "{}" : body);
      code = redactor.redact(Json.text(n.path("code")));
      message = redactor.redact(Json.text(n.path("message")));
      correlationId = redactor.redact(Json.text(n.path("correlationId")));
    } catch (JacksonException e) {
      // Not JSON: a proxy, WAF or load balancer answered, not the pipeline service.
      message = "non-JSON response (a proxy or firewall in front of Harness?)";
    }
    Failure.Kind kind = Failure.ofHttpStatus(status);
    String fix = switch (status) {
      case 401 -> "Harness rejected the API key: set " + apiKeyEnv + " to a current (unexpired, not revoked) "
          + "personal access or service account token of this account";
      case 403 -> "the API key's user or service account lacks permission for this in " + scope
          + ": grant it a role with pipeline view and execute (and abort) permissions there";
      case 404 -> "not found in " + scope + ": check the pipeline or execution identifier (identifiers, not names) "
          + "and harness.orgId/projectId";
      case 429 -> "Harness rate limit reached (1000 API calls per key per minute); will retry";
      default -> status >= 500 ? "Harness is unavailable right now; will retry if allowed" : null;
    };
    StringBuilder m = new StringBuilder("Harness ").append(op).append(" failed: HTTP ").append(status);
    if (code != null) m.append(' ').append(code);
    if (message != null && !message.isBlank()) m.append(": ").append(message);
    if (fix != null) m.append(" — ").append(fix);
    if (correlationId != null) m.append(" (correlationId ").append(correlationId).append(')');
    Duration retryAfter = status == 429 || status == 503 ? retryAfter(headers) : null;
    boolean maybeExecuted = status == 500 || status == 502 || status == 504;
    return new HarnessException(m.toString(), kind, status, code, correlationId, retryAfter, maybeExecuted, null);
  }

  /** An ERROR status inside a 2xx envelope. */
  HarnessException fromEnvelope(String op, int status, JsonNode n) {
    String code = redactor.redact(Json.text(n.path("code")));
    String correlationId = redactor.redact(Json.text(n.path("correlationId")));
    return new HarnessException("Harness " + op + " failed: " + code + ": "
        + redactor.redact(Json.text(n.path("message"))) + " (correlationId " + correlationId + ")",
        Failure.Kind.PERMANENT, status, code, correlationId);
  }

  HarnessException fromIo(String op, IOException e, Duration timeout) {
    if (e instanceof HttpConnectTimeoutException || e instanceof ConnectException) {
      return new HarnessException("Harness " + op + " failed: cannot connect (" + e.getClass().getSimpleName()
          + "); check harness.baseUrl and the network", Failure.Kind.TRANSIENT, 0, null, null, null, false, e);
    }
    if (e instanceof HttpTimeoutException) {
      return new HarnessException("Harness " + op + " failed: no answer within " + timeout.toSeconds() + " s "
          + "(harness.requestTimeoutSeconds)", Failure.Kind.TRANSIENT, 0, null, null, null, true, e);
    }
    return new HarnessException("Harness " + op + " failed: I/O error " + e.getClass().getSimpleName(),
        Failure.Kind.TRANSIENT, 0, null, null, null, true, e);
  }

  HarnessException malformed(String op, String what) {
    return new HarnessException("Harness " + op + " returned an unexpected response: " + what,
        Failure.Kind.PERMANENT, 200, null, null);
  }

  /** Retry-After in seconds or as an HTTP date; Harness's Cloud Armor often sends none. */
  Duration retryAfter(HttpHeaders headers) {
    return RetryAfter.parse(headers.firstValue("Retry-After").orElse(null), clock).orElse(null);
  }
}
