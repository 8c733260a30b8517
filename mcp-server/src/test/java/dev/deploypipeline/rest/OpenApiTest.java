package dev.deploypipeline.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.web.WebFixture;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The OpenAPI document served at /api/v1/openapi.json against the implementation: the same routes and methods
 * both ways, and real answers of a seeded project shaped as the document says (required members present, no
 * member the schema does not declare).
 */
class OpenApiTest {
  @TempDir static Path dir;
  static WebFixture f;
  static Map<String, Object> doc;

  @BeforeAll
  static void start() throws Exception {
    f = WebFixture.start(dir, WebFixture.GOOD_CONFIG).seeded();
    HttpResponse<String> r = f.get("/api/v1/openapi.json");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
    doc = WebFixture.json(r);
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute() {
    ApiServlet api = new ApiServlet(null, new EventFeed(TestClock.at("2026-11-25T10:00:00Z"), 1,
        Duration.ofSeconds(1)), TestClock.at("2026-11-25T10:00:00Z"));
    Set<String> implemented = api.routes().stream().map(r -> r.method() + " " + r.template())
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> documented = new TreeSet<>();
    map(doc.get("paths")).forEach((path, ops) -> map(ops).keySet().forEach(m -> documented.add(m.toUpperCase()
        + " " + path)));
    assertThat(documented).isEqualTo(implemented);
    assertThat(doc).containsEntry("openapi", "3.1.0");
    assertThat(map(((List<?>) doc.get("servers")).get(0))).containsEntry("url", "/api/v1");
    // releases land with their issue: until then the routes are absent, not stubs
    assertThat(implemented).noneMatch(r -> r.contains("/releases"));
  }

  @ParameterizedTest(name = "GET {0} is a {1}")
  @CsvSource({
      "/deployments, /deployments, DeploymentPage",
      "/deployments/d-3, /deployments/{id}, Deployment",
      "/deployments/d-1, /deployments/{id}, Deployment",
      "/environments, /environments, EnvironmentList",
      "/environments/prod, /environments/{name}, Environment",
      "/deployments/d-1/audit, /deployments/{id}/audit, AuditReport",
      "/metrics?environment=staging, /metrics, Dora"})
  void answersHaveTheDocumentedTopLevelShape(String path, String template, String schema) throws Exception {
    Map<String, Object> op = map(map(map(doc.get("paths")).get(template)).get("get"));
    Map<String, Object> ok = map(map(map(op.get("responses")).get("200")).get("content"));
    String ref = (String) map(map(ok.get("application/json")).get("schema")).get("$ref");
    assertThat(ref).isEqualTo("#/components/schemas/" + schema);
    HttpResponse<String> r = f.get("/api/v1" + path);
    assertThat(r.statusCode()).isEqualTo(200);
    assertShape(WebFixture.json(r), schema);
  }

  @Test
  void problemsHaveTheDocumentedShape() throws Exception {
    assertShape(WebFixture.json(f.get("/api/v1/deployments/d-404")), "Problem");
    assertShape(WebFixture.json(f.post("/api/v1/deployments/d-3/approve", "{}")), "Problem");
  }

  static void assertShape(Map<String, Object> body, String schema) {
    Map<String, Object> s = map(map(map(doc.get("components")).get("schemas")).get(schema));
    @SuppressWarnings("unchecked")
    List<String> required = (List<String>) s.getOrDefault("required", List.of());
    assertThat(body).as(schema + " required members").containsKeys(required.toArray(String[]::new));
    assertThat(map(s.get("properties")).keySet()).as(schema + " declares every member answered")
        .containsAll(body.keySet());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }
}
