package dev.deploypipeline.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who gets in, over real HTTP against the real host: nothing but /health and /login without the token; the
 * bearer token for API clients; the session cookie from /login for browsers, whose non-GET requests must also
 * carry our own Origin.
 */
class AuthTest {
  @TempDir static Path dir;
  static WebFixture f;

  @BeforeAll
  static void start() throws Exception {
    f = WebFixture.start(dir, WebFixture.GOOD_CONFIG);
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  static HttpRequest.Builder anonymous(String path) {
    return HttpRequest.newBuilder(f.uri(path));
  }

  static Stream<Arguments> unauthenticated() {
    return Stream.of(
        Arguments.of("GET", "/api/v1/deployments", null, 401),
        Arguments.of("POST", "/api/v1/deployments", null, 401),
        Arguments.of("GET", "/api/v1/openapi.json", null, 401),
        Arguments.of("GET", "/api/v1/events", null, 401),
        Arguments.of("GET", "/", null, 401),
        Arguments.of("GET", "/deployments/d-1", null, 401),
        Arguments.of("GET", "/api/v1/deployments", "Bearer wrong-token", 401),
        Arguments.of("GET", "/api/v1/deployments", "Bearer " + "x".repeat(43), 401),
        Arguments.of("GET", "/api/v1/deployments", "Basic dXNlcjpwYXNz", 401),
        Arguments.of("GET", "/", "Bearer nope", 401));
  }

  @ParameterizedTest(name = "{0} {1} with {2} -> {3}")
  @MethodSource("unauthenticated")
  void withoutTheTokenNothingAnswers(String method, String path, String auth, int status) throws Exception {
    HttpRequest.Builder b = anonymous(path).method(method, HttpRequest.BodyPublishers.ofString("{\"branch\":\"main\"}"));
    if (auth != null) b.header("Authorization", auth);
    HttpResponse<String> r = f.send(b.build());
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json;charset=utf-8");
    assertThat(WebFixture.json(r)).containsEntry("status", 401).containsKeys("detail", "nextStep");
    assertThat(r.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");
    assertThat(r.body()).doesNotContain(f.token.value());
    assertThat(f.service.store().history(dev.deploypipeline.store.HistoryQuery.all(10))).isEmpty();
  }

  @Test
  void healthAnswersWithoutAuthAndSaysNothingElse() throws Exception {
    HttpResponse<String> r = f.send(anonymous("/health").build());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("ok");
  }

  @Test
  void aBrowserWithoutASessionIsSentToTheLoginPage() throws Exception {
    HttpResponse<String> r = f.send(anonymous("/deployments").header("Accept", "text/html,*/*").build());
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/login");
  }

  @Test
  void theBearerTokenOpensTheApiAndThePagesWithTheActorSet() throws Exception {
    assertThat(f.get("/api/v1/deployments").statusCode()).isEqualTo(200);
    HttpResponse<String> page = f.get("/overview");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).isEqualTo("page GET /overview actor=" + WebFixture.USER + " csrf=null");
  }

  @Test
  void aBadTokenAtLoginGetsTheFormAgainWith401AndNoCookie() throws Exception {
    HttpResponse<String> r = f.send(anonymous("/login?token=wrong").build());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("<form id=\"login-form\"", "id=\"token\"", "type=\"submit\"", "role=\"alert\"",
        "not this server's");
    assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
    HttpResponse<String> blank = f.send(anonymous("/login").build());
    assertThat(blank.statusCode()).isEqualTo(200);
    assertThat(blank.body()).contains("<form id=\"login-form\"").doesNotContain("not this server's");
  }

  @Test
  void loginSetsAStrictHttpOnlySessionCookieThatOpensPagesAndTheApi() throws Exception {
    String cookie = login();
    HttpResponse<String> page = f.send(anonymous("/").header("Cookie", cookie).build());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).startsWith("page GET / actor=" + WebFixture.USER + " csrf=").doesNotEndWith("csrf=null");
    assertThat(f.send(anonymous("/api/v1/environments").header("Cookie", cookie).build()).statusCode())
        .isEqualTo(200);
    // a made-up session is no session
    assertThat(f.send(anonymous("/api/v1/environments").header("Cookie", "dp_session=forged").build())
        .statusCode()).isEqualTo(401);
  }

  @Test
  void aFormPostOfTheTokenLogsInToo() throws Exception {
    HttpResponse<String> r = f.send(anonymous("/login").header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("token=" + f.token.value())).build());
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Set-Cookie")).get().asString().startsWith("dp_session=");
  }

  static Stream<Arguments> origins() {
    return Stream.of(
        Arguments.of(null, 403),
        Arguments.of("http://evil.example", 403),
        Arguments.of("null", 403),
        Arguments.of("ORIGIN", 200),
        Arguments.of("http://localhost:PORT", 200));
  }

  @ParameterizedTest(name = "cookie POST with Origin {0} -> {1}")
  @MethodSource("origins")
  void aCookieRequestThatChangesStateNeedsOurOwnOrigin(String origin, int status) throws Exception {
    String cookie = login();
    HttpRequest.Builder b = anonymous("/some/form").header("Cookie", cookie)
        .POST(HttpRequest.BodyPublishers.ofString("x=1"));
    if (origin != null) {
      b.header("Origin", origin.replace("ORIGIN", f.web.origin()).replace("PORT", String.valueOf(f.web.port())));
    }
    HttpResponse<String> r = f.send(b.build());
    assertThat(r.statusCode()).isEqualTo(status);
    if (status == 403) {
      assertThat(WebFixture.json(r)).containsEntry("type", "urn:deployment-pipeline:problem:csrf");
      assertThat((String) WebFixture.json(r).get("detail")).contains("Origin");
    } else {
      assertThat(r.body()).startsWith("page POST /some/form");
    }
  }

  @Test
  void aBearerRequestNeedsNoOrigin() throws Exception {
    HttpResponse<String> r = f.send(f.request("/some/form").POST(HttpRequest.BodyPublishers.ofString("x")).build());
    assertThat(r.statusCode()).isEqualTo(200);
  }

  static String login() throws Exception {
    HttpResponse<String> r = f.send(anonymous("/login?token=" + f.token.value()).build());
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/");
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).startsWith("dp_session=").containsIgnoringCase("HttpOnly")
        .containsIgnoringCase("SameSite=Strict").containsIgnoringCase("Path=/");
    assertThat(setCookie).doesNotContain(f.token.value());
    return setCookie.substring(0, setCookie.indexOf(';'));
  }
}
