package dev.deploypipeline.testutil;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * The real Unleash that {@code scripts/unleash.sh start} runs (scripts/test.sh starts it around the test phases):
 * found through UNLEASH_TEST_URL/UNLEASH_TEST_ADMIN_TOKEN, or the env file the script writes. Missing, a test
 * fails under {@code CI=true} and is skipped elsewhere, saying how to start it.
 */
public record RealUnleash(String url, String token) {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  public static RealUnleash require() {
    Map<String, String> vars = RunEnv.read(".cache/unleash-run/unleash.env");
    String url = System.getenv().getOrDefault("UNLEASH_TEST_URL", vars.get("UNLEASH_TEST_URL"));
    String token = System.getenv().getOrDefault("UNLEASH_TEST_ADMIN_TOKEN", vars.get("UNLEASH_TEST_ADMIN_TOKEN"));
    String why = url == null ? "no Unleash is running" : reachable(url, token) ? null : "Unleash at " + url
        + " does not answer";
    if (why != null) {
      String msg = why + ": run `bash scripts/unleash.sh start` (needs PostgreSQL 15 and npm) to run this test";
      if ("true".equals(System.getenv("CI"))) fail(msg + " (CI=true: scripts/test.sh must start it)");
      assumeTrue(false, "skipped: " + msg);
    }
    return new RealUnleash(url, token);
  }

  /** Creates a release flag with a fresh name starting {@code prefix}, off in every environment. */
  public String createFlag(String prefix) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url
              + "/api/admin/projects/default/features")).header("Authorization", token)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"type\":\"release\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) throw new IllegalStateException("create flag: HTTP " + r.statusCode() + " " + r.body());
      return name;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean reachable(String url, String token) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/admin/projects")).timeout(Duration.ofSeconds(5))
          .header("Authorization", token == null ? "" : token).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
