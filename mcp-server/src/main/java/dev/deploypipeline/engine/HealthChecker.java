package dev.deploypipeline.engine;

import dev.deploypipeline.config.HealthCheckSpec;
import dev.deploypipeline.workflow.Failure;
import dev.deploypipeline.workflow.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** After a deploy: GET the health URL until it answers 2xx or the deadline passes. */
public final class HealthChecker {
  private final Clock clock;
  private final Sleeper sleeper;
  private final java.util.function.Function<String, String> env;
  private volatile HttpClient client;

  public HealthChecker(Clock clock, Sleeper sleeper) {
    this(clock, sleeper, System::getenv);
  }

  /** {@code env} expands the URL's {@code ${VAR}}s at request time; the raw URL is what messages show. */
  public HealthChecker(Clock clock, Sleeper sleeper, java.util.function.Function<String, String> env) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.env = env;
  }

  public Optional<Failure> check(HealthCheckSpec spec) throws InterruptedException {
    Instant deadline = clock.instant().plusSeconds(spec.timeout());
    String last = "no answer";
    while (true) {
      try {
        URI uri = URI.create(dev.deploypipeline.secrets.EnvRefs.expand(spec.url(), env));
        HttpResponse<Void> r = client().send(HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(Math.min(5, spec.timeout()))).GET().build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() / 100 == 2) return Optional.empty();
        last = "HTTP " + r.statusCode();
      } catch (IOException | IllegalArgumentException e) {
        // The message may quote the expanded URL; the failure shows the raw one, and so must this.
        last = e.getClass().getSimpleName() + (e instanceof IllegalArgumentException || e.getMessage() == null ? ""
            : ": " + dev.deploypipeline.secrets.Redaction.redact(e.getMessage()));
      }
      if (!clock.instant().isBefore(deadline)) {
        return Optional.of(Failure.permanent("health check " + spec.url() + " failed for " + spec.timeout()
            + " s (last: " + last + ")"));
      }
      sleeper.sleep(Duration.ofMillis(spec.interval()));
    }
  }

  private HttpClient client() {
    if (client == null) {
      client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }
    return client;
  }
}
