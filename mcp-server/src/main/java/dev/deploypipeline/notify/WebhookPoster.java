package dev.deploypipeline.notify;

import dev.deploypipeline.secrets.Redactor;
import dev.deploypipeline.workflow.Failure;
import dev.deploypipeline.workflow.RetryAfter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * One JSON POST to a webhook, with bounded connect and response timeouts, and the answer classified by the one
 * rule ({@link Failure#ofHttpStatus}): 429 and 5xx are transient, with Retry-After kept; anything else is
 * permanent. Error text carries the channel's error body (Slack's {@code invalid_blocks}) but never the URL.
 */
final class WebhookPoster {
  /** Honouring a longer Retry-After would hold the channel's queue; such a delivery fails instead. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
  private static final int BODY_SNIPPET = 200;

  private final String channel;
  private final URI url;
  private final Duration timeout;
  private final Redactor redactor;
  private final Clock clock;
  private final HttpClient http;

  WebhookPoster(String channel, URI url, Duration timeout, Redactor redactor, Clock clock) {
    this.channel = channel;
    this.url = url;
    this.timeout = timeout;
    this.redactor = redactor;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** Returns the 2xx status, or throws the classified failure. */
  int post(String json) throws NotificationException {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException e) {
      throw fail(Failure.transientFailure(channel + ": could not connect within " + timeout.toMillis() + " ms"),
          "connect-timeout");
    } catch (HttpTimeoutException e) {
      throw fail(Failure.transientFailure(channel + ": no answer within " + timeout.toMillis() + " ms"), "timeout");
    } catch (ConnectException e) {
      throw fail(Failure.transientFailure(channel + ": connection failed (" + e.getClass().getSimpleName() + ": "
          + e.getMessage() + ")"), "connect-failed");
    } catch (IOException e) {
      throw fail(Failure.transientFailure(channel + ": I/O error (" + e.getClass().getSimpleName() + ": "
          + e.getMessage() + ")"), "io-error");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail(Failure.permanent(channel + ": interrupted"), "interrupted");
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) return status;

    String body = snippet(response.body());
    String message = channel + " answered HTTP " + status + (body.isEmpty() ? "" : " " + body);
    Failure failure = RetryAfter.notificationFailure(status, message,
        response.headers().firstValue("Retry-After").orElse(null), clock, MAX_RETRY_AFTER);
    throw fail(failure, "http-" + status);
  }

  private NotificationException fail(Failure f, String status) {
    return new NotificationException(new Failure(f.kind(), redactor.redact(f.message()), f.retryAfter()), status);
  }

  private String snippet(String body) {
    if (body == null) return "";
    String one = Text.oneLine(redactor.redact(body));
    return Text.head(one, BODY_SNIPPET);
  }
}
