package dev.deploypipeline.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.store.AuditEntry;
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
 * MCP over Streamable HTTP and per-user tokens on the real host, over real HTTP: who gets in at /mcp (bearer only),
 * the 401's pointer to the RFC 9728 metadata, a session bound to the user who opened it, and a token's user as the
 * actor for MCP tools, the REST API and the pages alike.
 */
class McpHttpTest {
  static final String ACCEPT = "application/json, text/event-stream";
  @TempDir static Path dir;
  static WebFixture f;
  static String alice;
  static String bob;

  @BeforeAll
  static void start() throws Exception {
    f = WebFixture.start(dir, WebFixture.GOOD_CONFIG);
    alice = f.users.issue("alice@example.com");
    bob = f.users.issue("bob@example.com");
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  static HttpResponse<String> mcp(String bearer, String session, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(f.uri("/mcp")).header("Content-Type", "application/json")
        .header("Accept", ACCEPT).header("MCP-Protocol-Version", "2025-06-18")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) b.header("Authorization", "Bearer " + bearer);
    if (session != null) b.header("Mcp-Session-Id", session);
    return f.send(b.build());
  }

  /** initialize + notifications/initialized; returns the session id. */
  static String open(String bearer) throws Exception {
    HttpResponse<String> init = mcp(bearer, null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
        + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
    assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
    assertThat(init.body()).contains("\"name\":\"deployment-pipeline\"");
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    assertThat(mcp(bearer, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").statusCode())
        .isEqualTo(202);
    return session;
  }

  /** Rejects {@code id} at the gate, so the next test may start the service again. */
  static void release(String id) throws Exception {
    f.awaitState(id, "awaiting-approval");
    f.service.decide(id, "reject", WebFixture.USER, "free the service for the next test");
  }

  static Stream<Arguments> refused() {
    return Stream.of(Arguments.of((Object) null), Arguments.of("dpt_not-a-token"), Arguments.of("wrong"));
  }

  @ParameterizedTest(name = "bearer {0}")
  @MethodSource("refused")
  void withoutAGoodTokenMcpAnswers401PointingAtTheMetadata(String bearer) throws Exception {
    HttpResponse<String> r = mcp(bearer, null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"}");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"deployment-pipeline\", "
        + "resource_metadata=\"" + f.web.origin() + "/.well-known/oauth-protected-resource\"");
    assertThat(WebFixture.json(r)).containsKeys("detail", "nextStep");
  }

  @Test
  void theProtectedResourceMetadataAnswersWithoutAToken() throws Exception {
    for (String path : new String[] {"/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp"}) {
      HttpResponse<String> r = f.send(HttpRequest.newBuilder(f.uri(path)).build());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
      assertThat(WebFixture.json(r)).containsEntry("resource", f.web.origin() + "/mcp")
          .containsEntry("bearer_methods_supported", java.util.List.of("header"));
    }
    assertThat(f.send(HttpRequest.newBuilder(f.uri("/.well-known/oauth-protected-resource/other")).build())
        .statusCode()).isEqualTo(404);
  }

  @Test
  void aWebPageFromAnotherOriginCannotDriveMcpEvenWithAToken() throws Exception {
    String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
        + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    HttpRequest.Builder b = HttpRequest.newBuilder(f.uri("/mcp")).header("Content-Type", "application/json")
        .header("Accept", ACCEPT).header("Authorization", "Bearer " + alice)
        .POST(HttpRequest.BodyPublishers.ofString(init));
    HttpResponse<String> evil = f.send(b.copy().header("Origin", "http://attacker.example").build());
    assertThat(evil.statusCode()).isEqualTo(403);
    assertThat(WebFixture.json(evil).get("detail").toString()).contains("'http://attacker.example' are refused");
    assertThat(f.send(b.copy().header("Origin", f.web.origin()).build()).statusCode()).isEqualTo(200);
  }

  @Test
  void aBrowserSessionCookieDoesNotOpenMcp() throws Exception {
    HttpResponse<String> login = f.send(HttpRequest.newBuilder(f.uri("/login?token=" + f.token.value())).build());
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    HttpResponse<String> r = f.send(HttpRequest.newBuilder(f.uri("/mcp")).header("Cookie", cookie)
        .header("Origin", f.web.origin()).header("Accept", ACCEPT).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"}")).build());
    assertThat(r.statusCode()).isEqualTo(401);
  }

  @Test
  void aToolCallActsAsTheTokensUserAndTheSessionIsTheirsAlone() throws Exception {
    String session = open(alice);
    HttpResponse<String> listed = mcp(alice, session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
    assertThat(listed.body()).contains("\"deploy_start\"").contains("\"deploy_approve\"").contains("\"flags_set\"");

    HttpResponse<String> started = mcp(alice, session, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\","
        + "\"params\":{\"name\":\"deploy_start\",\"arguments\":{\"service\":\"demo\",\"branch\":\"main\"}}}");
    assertThat(started.body()).contains("\"isError\":false");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"deploymentId\":\"(d-[0-9]+)\"").matcher(started.body());
    assertThat(m.find()).as(started.body()).isTrue();
    String id = m.group(1);
    assertThat(id).matches("d-[0-9]+");
    AuditEntry created = f.service.audit(id).get(0);
    assertThat(created.event()).isEqualTo("CREATED");
    assertThat(created.actor()).isEqualTo("alice@example.com");
    assertThat(created.details()).containsEntry("channel", "mcp");
    release(id);

    // bob holds a good token, but not this session: the same 404 as an unknown session
    HttpResponse<String> hijack = mcp(bob, session, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\"}");
    assertThat(hijack.statusCode()).isEqualTo(404);
    assertThat(hijack.body()).contains("Session not found");
    assertThat(mcp(bob, "no-such-session", "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\"}").statusCode())
        .isEqualTo(404);
    // the server's own token is not alice either
    assertThat(mcp(f.token.value(), session, "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/list\"}")
        .statusCode()).isEqualTo(404);
    assertThat(mcp(alice, session, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}").statusCode())
        .isEqualTo(200);
  }

  @Test
  void theServersOwnTokenStillActsAsTheServersUser() throws Exception {
    String session = open(f.token.value());
    assertThat(mcp(f.token.value(), session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}").statusCode())
        .isEqualTo(200);
    HttpResponse<String> page = f.send(f.request("/").GET().build());
    assertThat(page.body()).contains("actor=" + WebFixture.USER);
  }

  @Test
  void theRestApiAndThePagesActAsTheTokensUserToo() throws Exception {
    HttpResponse<String> page = f.send(HttpRequest.newBuilder(f.uri("/deployments"))
        .header("Authorization", "Bearer " + bob).build());
    assertThat(page.body()).contains("actor=bob@example.com");
    HttpResponse<String> started = f.send(HttpRequest.newBuilder(f.uri("/api/v1/deployments"))
        .header("Authorization", "Bearer " + bob).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"branch\":\"main\"}")).build());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    String id = (String) WebFixture.json(started).get("deploymentId");
    assertThat(f.service.audit(id).get(0).actor()).isEqualTo("bob@example.com");
    release(id);
  }

  @Test
  void aRevokedTokenIsRefusedAtItsNextRequest() throws Exception {
    String carol = f.users.issue("carol");
    HttpRequest.Builder get = HttpRequest.newBuilder(f.uri("/api/v1/deployments")).header("Authorization",
        "Bearer " + carol);
    assertThat(f.send(get.build()).statusCode()).isEqualTo(200);
    new UserTokens(f.users.file(), f.clock).revoke("carol");
    assertThat(f.send(get.build()).statusCode()).isEqualTo(401);
  }

  @Test
  void aDamagedTokensFileRefusesUserTokensWithout500OrDetails() throws Exception {
    Path other = dir.resolve("damaged-tokens.json");
    java.nio.file.Files.writeString(other, "not json");
    UserTokens damaged = new UserTokens(other, f.clock);
    try (WebServer web = new WebServer(WebOptions.loopback(0), f.token, damaged, WebFixture.USER,
        new WebFixture.EchoPages(), new WebFixture.EchoPages(), null, f.clock, null).start()) {
      HttpResponse<String> r = f.send(HttpRequest.newBuilder(java.net.URI.create(web.origin() + "/api/v1/x"))
          .header("Authorization", "Bearer " + alice).build());
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).doesNotContain("not json").doesNotContain(other.toString());
    }
  }
}
