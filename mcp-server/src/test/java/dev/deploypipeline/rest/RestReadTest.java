package dev.deploypipeline.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.web.WebFixture;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The read routes over real HTTP against a seeded project (d-1 completed, d-2 rolled back, d-3 at the prod gate):
 * every success and every refusal, with problem+json bodies that say what was wrong and what to do.
 */
class RestReadTest {
  @TempDir static Path dir;
  static WebFixture f;

  @BeforeAll
  static void start() throws Exception {
    f = WebFixture.start(dir, WebFixture.GOOD_CONFIG).seeded();
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  @Test
  void environmentsSayWhatRunsWhereAndWhoApprovedIt() throws Exception {
    HttpResponse<String> r = f.get("/api/v1/environments");
    assertThat(r.statusCode()).isEqualTo(200);
    List<Map<String, Object>> items = items(WebFixture.json(r), "items");
    assertThat(items).extracting(m -> m.get("name")).containsExactly("dev", "staging", "prod");
    Map<String, Object> prod = items.get(2);
    assertThat(prod).containsEntry("configured", true).containsEntry("strategy", "command");
    assertThat(map(prod.get("current"))).containsEntry("deploymentId", "d-1").containsEntry("state", "completed")
        .containsEntry("approvedBy", WebFixture.USER);
    // d-3 reached staging and waits; d-2 was rolled back there, so staging runs d-3
    Map<String, Object> staging = WebFixture.json(f.get("/api/v1/environments/staging"));
    assertThat(map(staging.get("current"))).containsEntry("deploymentId", "d-3");
    assertThat(map(staging.get("lastDeployment"))).containsEntry("deploymentId", "d-3");
  }

  @Test
  void oneDeploymentIsWhatDeployStatusShowsWithTheChallengeWhileItWaits() throws Exception {
    Map<String, Object> d3 = WebFixture.json(f.get("/api/v1/deployments/d-3"));
    assertThat(d3).containsEntry("id", "d-3").containsEntry("deploymentId", "d-3").containsEntry("service", "demo")
        .containsEntry("state", "awaiting-approval").containsKeys("stages", "releases", "environments", "legalEvents");
    assertThat((String) d3.get("nextStep")).contains("POST /api/v1/deployments/d-3/approve",
        "POST /api/v1/deployments/d-3/reject");
    Map<String, Object> approval = map(d3.get("approval"));
    assertThat(approval).containsEntry("decision", "pending");
    assertThat((String) approval.get("challenge")).startsWith("deployment-pipeline approval v1\ndeployment: d-3\n")
        .contains("decision: approve\n");
    assertThat((String) approval.get("signCommand")).startsWith("printf '%s\\n' 'deployment-pipeline approval v1'")
        .endsWith("| ssh-keygen -Y sign -n deployment-pipeline -f ~/.ssh/id_ed25519");
    // the same challenge on a reload, so a page shown and the decision sent agree
    assertThat(map(WebFixture.json(f.get("/api/v1/deployments/d-3")).get("approval")).get("challenge"))
        .isEqualTo(approval.get("challenge"));
    Map<String, Object> d1 = WebFixture.json(f.get("/api/v1/deployments/d-1"));
    assertThat(map(d1.get("approval"))).containsEntry("decision", "approve").doesNotContainKey("challenge");
    assertThat(items(d1, "releases")).extracting(m -> m.get("environment")).containsExactly("dev", "staging", "prod");
  }

  @Test
  void theListIsNewestFirstWithFiltersAndACursor() throws Exception {
    assertThat(ids("/api/v1/deployments")).containsExactly("d-3", "d-2", "d-1");
    assertThat(ids("/api/v1/deployments?state=completed")).containsExactly("d-1");
    assertThat(ids("/api/v1/deployments?environment=prod")).containsExactly("d-1");
    assertThat(ids("/api/v1/deployments?service=other")).isEmpty();
    assertThat(ids("/api/v1/deployments?since=2026-11-25")).containsExactly("d-3", "d-2", "d-1");
    assertThat(ids("/api/v1/deployments?since=2030-01-01")).isEmpty();

    Map<String, Object> p1 = WebFixture.json(f.get("/api/v1/deployments?limit=2"));
    assertThat(items(p1, "items")).extracting(m -> m.get("deploymentId")).containsExactly("d-3", "d-2");
    String cursor = (String) p1.get("nextCursor");
    assertThat(cursor).isNotNull();
    Map<String, Object> p2 = WebFixture.json(f.get("/api/v1/deployments?limit=2&cursor=" + cursor));
    assertThat(items(p2, "items")).extracting(m -> m.get("deploymentId")).containsExactly("d-1");
    assertThat(p2).containsEntry("nextCursor", null);
    Map<String, Object> exact = WebFixture.json(f.get("/api/v1/deployments?limit=3"));
    assertThat(exact).containsEntry("nextCursor", null);
  }

  @Test
  void theAuditTrailComesWithTheChainsVerdict() throws Exception {
    Map<String, Object> a = WebFixture.json(f.get("/api/v1/deployments/d-1/audit"));
    List<Map<String, Object>> entries = items(a, "entries");
    assertThat(entries).extracting(e -> e.get("event")).contains("CREATED", "APPROVED");
    assertThat(entries).allSatisfy(e -> assertThat(e).containsEntry("deploymentId", "d-1").containsKeys("seq", "at",
        "hash"));
    assertThat((String) entries.get(0).get("at")).startsWith("2026-11-25T");
    assertThat(map(a.get("chain"))).containsEntry("valid", true).containsEntry("problem", null);
  }

  @Test
  void metricsAreDorasFourKeysFromTheStore() throws Exception {
    Map<String, Object> prod = WebFixture.json(f.get("/api/v1/metrics"));
    assertThat(prod).containsEntry("environment", "prod");
    assertThat(map(prod.get("deploymentFrequency"))).containsEntry("deployments", 1);
    assertThat(map(prod.get("changeFailureRate"))).containsEntry("changes", 1).containsEntry("failures", 0);
    // d-2 reached staging and was rolled back: one failure out of two finished changes there
    Map<String, Object> staging = WebFixture.json(f.get("/api/v1/metrics?environment=staging&service=demo&since=7d"));
    assertThat(staging).containsEntry("environment", "staging").containsEntry("service", "demo");
    assertThat(map(staging.get("deploymentFrequency"))).containsEntry("deployments", 3);
    assertThat(map(staging.get("changeFailureRate"))).containsEntry("changes", 2).containsEntry("failures", 1)
        .containsEntry("rate", 0.5);
    assertThat(map(WebFixture.json(f.get("/api/v1/metrics?service=other")).get("deploymentFrequency")))
        .containsEntry("deployments", 0);
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of("/api/v1/deployments/d-404", 404, "not-found", "no deployment with id 'd-404'", "GET "
            + "/api/v1/deployments"),
        Arguments.of("/api/v1/deployments/42", 404, "not-found", "ids look like d-42", "GET /api/v1/deployments"),
        Arguments.of("/api/v1/deployments/d-404/audit", 404, "not-found", "no deployment with id 'd-404'", "GET"),
        Arguments.of("/api/v1/environments/qa", 404, "not-found", "no environment 'qa'", "GET /api/v1/deployments"),
        Arguments.of("/api/v1/deployments?state=done", 400, "bad-input", "?state: 'done' is not a state", "correct"),
        Arguments.of("/api/v1/deployments?environment=qa", 400, "bad-input", "?environment: 'qa' is not an "
            + "environment of this project", "correct"),
        Arguments.of("/api/v1/deployments?limit=0", 400, "bad-input", "?limit: must be from 1 to 500, got 0", "correct"),
        Arguments.of("/api/v1/deployments?limit=ten", 400, "bad-input", "?limit: 'ten' is not a number", "correct"),
        Arguments.of("/api/v1/deployments?cursor=zzz", 400, "bad-input", "?cursor: 'zzz' is not a cursor", "nextCursor"),
        Arguments.of("/api/v1/deployments?since=yesterday", 422, "bad-input", "since: 'yesterday' is not a date",
            "correct"),
        Arguments.of("/api/v1/events?deployment=x", 400, "bad-input", "?deployment: 'x' is not a deployment id",
            "correct"),
        Arguments.of("/api/v1/metrics?environment=qa", 400, "bad-input", "?environment: 'qa' is not an environment", "correct"),
        Arguments.of("/api/v1/metrics?since=soon", 422, "bad-input", "since: 'soon' is not a date", "correct"),
        Arguments.of("/api/v1/releases", 404, "no-route", "no API route GET /releases", "openapi.json"),
        Arguments.of("/api/v1/metrics/nope", 404, "no-route", "no API route", "openapi.json"));
  }

  @ParameterizedTest(name = "GET {0} -> {1}")
  @MethodSource("refusals")
  void refusalsAreProblemsWithANextStep(String path, int status, String kind, String detail, String next)
      throws Exception {
    HttpResponse<String> r = f.get(path);
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
    Map<String, Object> p = WebFixture.json(r);
    assertThat(p).containsEntry("status", status).containsEntry("type", "urn:deployment-pipeline:problem:" + kind)
        .containsKey("title").containsEntry("instance", path.replaceFirst("\\?.*", ""));
    assertThat((String) p.get("detail")).contains(detail);
    assertThat((String) p.get("nextStep")).contains(next);
  }

  @Test
  void aKnownPathWithAnotherMethodIs405WithAllow() throws Exception {
    HttpResponse<String> r = f.send(f.request("/api/v1/deployments/d-1").DELETE().build());
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("GET");
    assertThat(WebFixture.json(r)).containsEntry("type", "urn:deployment-pipeline:problem:method-not-allowed");
  }

  List<String> ids(String path) throws Exception {
    HttpResponse<String> r = f.get(path);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return items(WebFixture.json(r), "items").stream().map(m -> (String) m.get("deploymentId")).toList();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> items(Map<String, Object> m, String key) {
    return (List<Map<String, Object>>) m.get(key);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }
}
