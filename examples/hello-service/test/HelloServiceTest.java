import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain-Java test program (no JUnit, so the example needs only a JDK): starts HelloService in-process on an
 * ephemeral port and checks its endpoints over real HTTP. Exits 1 if any check fails.
 */
public final class HelloServiceTest {

  private static int passed;
  private static final List<String> failures = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    HelloService service = HelloService.start(0, "1.2.3", "abc1234", "d-42", "staging");
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String base = "http://127.0.0.1:" + service.port();
    try {
      check("listens on an ephemeral port", service.port() > 0, "port " + service.port());

      HttpResponse<String> health = get(client, base + "/health", "GET");
      check("GET /health answers 200", health.statusCode() == 200, "status " + health.statusCode());
      check("GET /health body is {\"status\":\"ok\"}", "{\"status\":\"ok\"}".equals(health.body()), health.body());
      check("GET /health is JSON",
          health.headers().firstValue("Content-Type").orElse("").equals("application/json"),
          health.headers().firstValue("Content-Type").orElse("<none>"));

      HttpResponse<String> version = get(client, base + "/version", "GET");
      check("GET /version answers 200", version.statusCode() == 200, "status " + version.statusCode());
      String expected = "{\"service\":\"hello-service\",\"version\":\"1.2.3\",\"commit\":\"abc1234\","
          + "\"deploymentId\":\"d-42\",\"environment\":\"staging\"}";
      check("GET /version reports service, version, commit, deployment and environment",
          expected.equals(version.body()), version.body());

      HttpResponse<String> unknown = get(client, base + "/nope", "GET");
      check("unknown path answers 404", unknown.statusCode() == 404, "status " + unknown.statusCode());
      HttpResponse<String> prefix = get(client, base + "/healthz", "GET");
      check("/healthz is not /health (404)", prefix.statusCode() == 404, "status " + prefix.statusCode());
      HttpResponse<String> post = get(client, base + "/health", "POST");
      check("POST /health answers 405", post.statusCode() == 405, "status " + post.statusCode());

      check("JSON escaping of quotes and backslashes",
          HelloService.toJson(java.util.Map.of("k", "a\"b\\c")).equals("{\"k\":\"a\\\"b\\\\c\"}"),
          HelloService.toJson(java.util.Map.of("k", "a\"b\\c")));
    } finally {
      service.stop();
    }

    for (String f : failures) System.out.println("FAIL " + f);
    System.out.println(passed + " passed, " + failures.size() + " failed");
    System.exit(failures.isEmpty() ? 0 : 1);
  }

  private static HttpResponse<String> get(HttpClient client, String url, String method) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static void check(String name, boolean ok, String actual) {
    if (ok) {
      passed++;
      System.out.println("ok   " + name);
    } else {
      failures.add(name + " (got: " + actual + ")");
    }
  }
}
