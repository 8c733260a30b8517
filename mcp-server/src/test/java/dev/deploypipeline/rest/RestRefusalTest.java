package dev.deploypipeline.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.web.WebFixture;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Refused starts, decisions and rollbacks over real HTTP: each names the field or rule and a next step, and none
 * may change anything, so the cases share one fresh project and one seeded one (d-1 completed, d-2 rolled back,
 * d-3 at the prod gate).
 */
class RestRefusalTest {
  @TempDir static Path dir;
  static WebFixture fresh;
  static WebFixture seeded;

  @BeforeAll
  static void start() throws Exception {
    fresh = WebFixture.start(Files.createDirectory(dir.resolve("fresh")), WebFixture.GOOD_CONFIG);
    seeded = WebFixture.start(Files.createDirectory(dir.resolve("seeded")), WebFixture.GOOD_CONFIG).seeded();
  }

  @AfterAll
  static void stop() throws Exception {
    fresh.close();
    seeded.close();
  }

  static Stream<Arguments> badStarts() {
    return Stream.of(
        Arguments.of("{}", 400, "body.branch: is required"),
        Arguments.of("{\"branch\": 5}", 400, "body.branch: must be a string (a git branch name such as main), got a "
            + "number"),
        Arguments.of("{\"branch\": \"\"}", 400, "body.branch: '' is not a git branch name"),
        Arguments.of("{\"branch\": \"main; rm -rf /\"}", 400, "body.branch: 'main; rm -rf /' is not a git branch"),
        Arguments.of("{\"branch\": \"main\", \"version\": \"1.2\"}", 400, "body.version: the version is derived"),
        Arguments.of("{\"branch\": \"main\", \"colour\": \"red\"}", 400, "body.colour: unknown field; known: "
            + "service, branch, commit, version"),
        Arguments.of("{\"service\": \"Demo!\", \"branch\": \"main\"}", 400, "body.service: 'Demo!' is not a service"),
        Arguments.of("not json", 400, "body: not valid JSON"),
        Arguments.of("[1, 2]", 400, "body: must be a JSON object"),
        Arguments.of("{\"service\": \"other\", \"branch\": \"main\"}", 422, "service 'other' is not configured"),
        Arguments.of("{\"branch\": \"no-such-branch\"}", 422, "no-such-branch"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("badStarts")
  void aBadStartIsRefusedAndStartsNothing(String body, int status, String detail) throws Exception {
    HttpResponse<String> r = fresh.post("/api/v1/deployments", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    Map<String, Object> p = WebFixture.json(r);
    assertThat((String) p.get("detail")).contains(detail);
    assertThat((String) p.get("nextStep")).isNotBlank();
    assertThat(fresh.service.store().history(dev.deploypipeline.store.HistoryQuery.all(5))).isEmpty();
  }

  static Stream<Arguments> badDecisions() {
    return Stream.of(
        Arguments.of("d-3/approve", "{\"signature\": \"-----BEGIN SSH SIGNATURE-----\\nAAAA\\n-----END SSH "
            + "SIGNATURE-----\"}", 403, "signature refused"),
        Arguments.of("d-3/approve", "{\"comment\": 5}", 400, "body.comment: must be a string"),
        Arguments.of("d-3/approve", "{\"decision\": \"approve\"}", 400, "body.decision: unknown field"),
        Arguments.of("d-3/approve", "{\"comment\": \"" + "x".repeat(2001) + "\"}", 400, "at most 2000"),
        Arguments.of("d-1/approve", "{}", 409, "deployment d-1 is in 'completed'"),
        Arguments.of("d-2/reject", "{}", 409, "deployment d-2 is in 'rolled-back'"),
        Arguments.of("d-404/approve", "{}", 404, "no deployment with id 'd-404'"),
        Arguments.of("x-1/reject", "{}", 404, "ids look like d-42"),
        Arguments.of("d-2/rollback", "{\"reason\": \"again\"}", 409, "deployment d-2 is in 'rolled-back'"),
        Arguments.of("d-1/rollback", "{}", 400, "body.reason: is required"),
        Arguments.of("d-1/rollback", "{\"reason\": \"no\"}", 400, "body.reason: 'no' is not why"),
        Arguments.of("d-1/rollback", "{\"reason\": \"bad\", \"toVersion\": \"abc\"}", 400, "body.toVersion: needs "
            + "body.environment"),
        Arguments.of("d-1/rollback", "{\"reason\": \"bad\", \"environment\": \"qa\"}", 400, "body.environment: 'qa'"));
  }

  @ParameterizedTest(name = "POST {0} {1} -> {2}")
  @MethodSource("badDecisions")
  void aBadDecisionOrRollbackChangesNothing(String path, String body, int status, String detail) throws Exception {
    HttpResponse<String> r = seeded.post("/api/v1/deployments/" + path, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    Map<String, Object> p = WebFixture.json(r);
    assertThat((String) p.get("detail")).contains(detail);
    assertThat((String) p.get("nextStep")).isNotBlank();
    assertThat(List.of("d-1", "d-2", "d-3")).extracting(id -> seeded.service.get(id).state().id())
        .containsExactly("completed", "rolled-back", "awaiting-approval");
  }
}
