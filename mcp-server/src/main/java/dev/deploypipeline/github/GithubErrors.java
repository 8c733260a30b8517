package dev.deploypipeline.github;

import dev.deploypipeline.secrets.Redactor;
import dev.deploypipeline.workflow.Failure;
import dev.deploypipeline.workflow.RetryAfter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a failed GitHub exchange into a classified {@link GithubException}, following GitHub's "Rate limits for the
 * REST API": a 403 or 429 is a rate limit when {@code x-ratelimit-remaining} is 0 (wait until
 * {@code x-ratelimit-reset}, UTC epoch seconds), when it carries {@code retry-after} (wait that long), or when its
 * message says so (a secondary limit without headers: wait at least a minute). Such waits and 500/502/503/504 are
 * transient; 401, 404, 422 and other 4xx are not. A wait longer than {@code maxWait} fails instead of holding the
 * command.
 */
final class GithubErrors {
  static final JsonMapper JSON = JsonMapper.shared();
  static final Duration SECONDARY_MIN_WAIT = Duration.ofMinutes(1);

  private final String repository;
  private final String tokenEnv;
  private final Clock clock;
  private final Duration maxWait;
  private final Redactor redactor;

  GithubErrors(String repository, String tokenEnv, Clock clock, Duration maxWait, Redactor redactor) {
    this.repository = repository;
    this.tokenEnv = tokenEnv;
    this.clock = clock;
    this.maxWait = maxWait;
    this.redactor = redactor;
  }

  GithubException fromResponse(String op, int status, HttpHeaders headers, String body) {
    Body b = Body.parse(body);
    StringBuilder m = new StringBuilder("GitHub: could not ").append(op).append(": HTTP ").append(status);
    if (b.message != null) m.append(' ').append(b.message);
    if (!b.errors.isEmpty()) m.append(" (").append(String.join("; ", b.errors)).append(')');
    Optional<Duration> wait = rateLimitWait(status, headers, b.message);
    headers.firstValue("x-github-request-id").ifPresent(id -> m.append(" [request ").append(id).append(']'));
    if (wait.isPresent()) {
      Duration w = wait.get();
      if (w.compareTo(maxWait) > 0) {
        Instant at = clock.instant().plus(w);
        return fail(Failure.permanent(m + " — GitHub's rate limit for this token resets at " + at + " (in "
            + w.toSeconds() + " s), longer than the " + maxWait.toSeconds() + " s publishing waits: run it again after "
            + "that"), status, "rate-limited");
      }
      return fail(Failure.transientFailure(m + " — GitHub's rate limit; waiting " + w.toSeconds() + " s before trying "
          + "again").withRetryAfter(w), status, "rate-limited");
    }
    String fix = switch (status) {
      case 401 -> "GitHub rejected the token: set " + tokenEnv + " to a current token (classic: repo scope; "
          + "fine-grained: Contents read and write on " + repository + ")";
      case 403 -> "the token may not do this on " + repository + ": it needs Contents write permission (in GitHub "
          + "Actions: permissions: contents: write)";
      case 404 -> "GitHub says " + repository + " does not exist or the token cannot see it (GitHub answers 404, not "
          + "403, to a token without access): check release.github.repository or GITHUB_REPOSITORY and the token's "
          + "repository access";
      case 422 -> b.codes.contains("already_exists") ? "it exists already" : "GitHub refused the values sent";
      default -> status >= 500 ? "GitHub is unavailable right now; will retry" : null;
    };
    if (fix != null) m.append(" — ").append(fix);
    Failure f = new Failure(Failure.ofHttpStatus(status), m.toString(), Optional.empty());
    if (status == 503) {
      f = RetryAfter.parse(headers.firstValue("retry-after").orElse(null), clock).map(f::withRetryAfter).orElse(f);
    }
    return fail(f, status, b.codes.isEmpty() ? null : b.codes.get(0));
  }

  /** How long GitHub asks us to wait, if this answer is a rate limit. */
  Optional<Duration> rateLimitWait(int status, HttpHeaders headers, String message) {
    if (status != 403 && status != 429) return Optional.empty();
    Optional<Duration> after = RetryAfter.parse(headers.firstValue("retry-after").orElse(null), clock);
    if (after.isPresent()) return after;
    if ("0".equals(headers.firstValue("x-ratelimit-remaining").orElse(null))) {
      Optional<String> reset = headers.firstValue("x-ratelimit-reset");
      try {
        Instant at = Instant.ofEpochSecond(Long.parseLong(reset.orElse("").trim()));
        Duration d = Duration.between(clock.instant(), at);
        // The reset second itself may still be limited; one more second is cheap.
        return Optional.of(d.isNegative() ? Duration.ofSeconds(1) : d.plusSeconds(1));
      } catch (NumberFormatException e) {
        return Optional.of(SECONDARY_MIN_WAIT);
      }
    }
    boolean says = message != null && message.toLowerCase().contains("rate limit");
    return status == 429 || says ? Optional.of(SECONDARY_MIN_WAIT) : Optional.empty();
  }

  GithubException fromIo(String op, IOException e, Duration timeout) {
    String what = e instanceof HttpConnectTimeoutException || e instanceof ConnectException
        ? "cannot connect (" + e.getClass().getSimpleName() + "); check release.github.apiUrl (or GITHUB_API_URL) and "
            + "the network"
        : e instanceof HttpTimeoutException ? "no answer within " + timeout.toMillis() + " ms (release.github.timeoutMs)"
        : "I/O error (" + e.getClass().getSimpleName() + ")";
    return fail(Failure.transientFailure("GitHub: could not " + op + ": " + what), 0, null);
  }

  GithubException malformed(String op, String what) {
    return fail(Failure.permanent("GitHub: could not " + op + ": unexpected answer (" + what + "); is "
        + "release.github.apiUrl GitHub's REST API?"), 200, null);
  }

  GithubException fail(Failure f, int status, String code) {
    return new GithubException(new Failure(f.kind(), redactor.redact(f.message()), f.retryAfter()), status, code);
  }

  /** GitHub's error shape: {@code {"message", "errors": [{"resource", "field", "code", "message"}], ...}}. */
  private record Body(String message, List<String> errors, List<String> codes) {
    static Body parse(String body) {
      List<String> errors = new ArrayList<>();
      List<String> codes = new ArrayList<>();
      if (body == null || body.isBlank()) return new Body(null, errors, codes);
      try {
        JsonNode n = JSON.readTree(body);
        for (JsonNode e : n.path("errors")) {
          if (e.isString()) {
            errors.add(e.asString());
            continue;
          }
          String code = e.path("code").asString("");
          if (!code.isEmpty()) codes.add(code);
          String text = String.join(" ", List.of(e.path("resource").asString(""), e.path("field").asString(""), code,
              e.path("message").asString("")).stream().filter(s -> !s.isBlank()).toList());
          if (!text.isBlank()) errors.add(text);
        }
        String message = n.path("message").asString(null);
        return new Body(message == null ? null : clip(message), errors, codes);
      } catch (JacksonException notJson) {
        return new Body("(not JSON: a proxy in front of GitHub?) " + clip(body.strip()), errors, codes);
      }
    }

    private static String clip(String s) {
      s = s.replaceAll("\\s+", " ");
      return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
  }
}
