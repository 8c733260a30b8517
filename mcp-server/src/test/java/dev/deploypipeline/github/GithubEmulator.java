package dev.deploypipeline.github;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * GitHub's REST API for releases on 127.0.0.1, as docs.github.com documents it (API version 2022-11-28): the API
 * host ({@code GET releases/tags/{tag}} for published releases only, {@code GET releases} with drafts,
 * {@code POST releases}, {@code GET releases/{id}/assets}, {@code DELETE releases/assets/{id}}) and a separate
 * uploads host ({@code POST /repos/o/r/releases/{id}/assets?name=}, raw body, Content-Type required) that the
 * release's {@code upload_url} points to. Bearer auth; User-Agent required; GitHub's error bodies
 * ({@code message, documentation_url, status}, 422 {@code errors[]}); the primary rate-limit headers on every answer,
 * and scripted faults (secondary limits with {@code retry-after}, 429, 5xx, a 502 that leaves a {@code starter}
 * asset).
 */
public final class GithubEmulator implements AutoCloseable {
  public static final String TOKEN = "ghp_e2eEmulatorT0kenNeverShown0123456789";
  public static final String REPO = "octo-org/hello";
  static final JsonMapper JSON = JsonMapper.shared();
  static final String DOCS = "https://docs.github.com/rest/releases/releases";

  /** One request as received. */
  public record Received(String host, String method, String path, String query, Map<String, String> headers,
      byte[] body) {
    public String header(String name) {
      return headers.get(name.toLowerCase());
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** A canned answer to the next request whose "METHOD path" matches, instead of the normal one. */
  public record Fault(int status, Map<String, String> headers, String body, boolean actFirst) {}

  private final HttpServer api;
  private final HttpServer uploads;
  private final Clock clock;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
  private final List<ObjectNode> releases = new CopyOnWriteArrayList<>();
  private int nextId = 1;
  private volatile int remaining = 5000;

  public GithubEmulator(Clock clock) throws IOException {
    this.clock = clock;
    api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    uploads = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    api.createContext("/", ex -> serve(ex, false));
    uploads.createContext("/", ex -> serve(ex, true));
    api.start();
    uploads.start();
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + api.getAddress().getPort();
  }

  public String uploadsUrl() {
    return "http://127.0.0.1:" + uploads.getAddress().getPort();
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public List<JsonNode> releases() {
    return List.copyOf(releases);
  }

  /** Queues {@code fault} for the next request matching {@code route} ("POST /repos/o/r/releases" or "POST upload"). */
  public void fail(String route, Fault fault) {
    faults.computeIfAbsent(route, k -> new ArrayDeque<>()).add(fault);
  }

  /** A secondary rate limit as GitHub sends it: 403, a message saying so, and {@code retry-after}. */
  public static Fault secondaryLimit(int retryAfterSeconds) {
    return new Fault(403, Map.of("retry-after", String.valueOf(retryAfterSeconds)), error("You have exceeded a "
        + "secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support "
        + "for help, please include the request ID.", "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
        403), false);
  }

  /** The primary limit used up: 403 with {@code x-ratelimit-remaining: 0} and the reset time. */
  public Fault primaryLimit(long resetInSeconds) {
    return new Fault(403, Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset",
        String.valueOf(clock.instant().getEpochSecond() + resetInSeconds)), error("API rate limit exceeded for user "
        + "ID 1.", "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api", 403), false);
  }

  public static Fault status(int status, boolean actFirst) {
    return new Fault(status, Map.of(), status >= 500 ? "" : error("Error", DOCS, status), actFirst);
  }

  /** An existing release, as if made earlier on github.com. */
  public synchronized JsonNode seed(String tag, boolean draft) {
    return add(tag, tag, "seeded", draft, false);
  }

  @Override
  public void close() {
    api.stop(0);
    uploads.stop(0);
  }

  private void serve(HttpExchange ex, boolean uploadHost) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      Map<String, String> headers = new LinkedHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
      String path = ex.getRequestURI().getRawPath();
      String query = ex.getRequestURI().getRawQuery();
      String method = ex.getRequestMethod();
      received.add(new Received(uploadHost ? "uploads" : "api", method, path, query, headers, body));
      synchronized (this) {
        handle(ex, uploadHost, method, path, query == null ? "" : query, headers, body);
      }
    }
  }

  private void handle(HttpExchange ex, boolean uploadHost, String method, String path, String query,
      Map<String, String> h, byte[] body) throws IOException {
    if (h.get("user-agent") == null) {
      send(ex, 403, Map.of("Content-Type", "text/plain"), "Request forbidden by administrative rules. Please make "
          + "sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-"
          + "rest-api#user-agent-required). Check https://developer.github.com for other possible causes.");
      return;
    }
    String auth = h.get("authorization");
    if (auth == null) {
      json(ex, 401, error("Requires authentication", "https://docs.github.com/rest", 401));
      return;
    }
    if (!auth.equals("Bearer " + TOKEN) && !auth.equals("token " + TOKEN)) {
      json(ex, 401, error("Bad credentials", "https://docs.github.com/rest", 401));
      return;
    }
    Fault fault = nextFault(uploadHost ? method + " upload" : method + " " + path);
    if (fault != null && !fault.actFirst()) {
      answer(ex, fault);
      return;
    }
    remaining = Math.max(0, remaining - 1);
    String prefix = "/repos/" + REPO;
    if (!path.startsWith(prefix + "/")) {
      json(ex, 404, error("Not Found", DOCS, 404));
      return;
    }
    String rest = path.substring(prefix.length());
    Matcher m;
    int status;
    String out;
    if (uploadHost) {
      m = Pattern.compile("/releases/(\\d+)/assets").matcher(rest);
      if (!method.equals("POST") || !m.matches()) {
        json(ex, 404, error("Not Found", DOCS, 404));
        return;
      }
      String[] r = upload(Long.parseLong(m.group(1)), query, h, body, fault != null);
      status = Integer.parseInt(r[0]);
      out = r[1];
    } else if (method.equals("GET") && (m = Pattern.compile("/releases/tags/(.+)").matcher(rest)).matches()) {
      String tag = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
      ObjectNode r = releases.stream().filter(x -> !x.path("draft").asBoolean() && x.path("tag_name").asString()
          .equals(tag)).findFirst().orElse(null);
      status = r == null ? 404 : 200;
      out = r == null ? error("Not Found", DOCS + "#get-a-release-by-tag-name", 404) : JSON.writeValueAsString(r);
    } else if (method.equals("GET") && rest.equals("/releases")) {
      ArrayNode list = JSON.createArrayNode();
      for (int i = releases.size() - 1; i >= 0; i--) list.add(releases.get(i));
      status = 200;
      out = JSON.writeValueAsString(list);
    } else if (method.equals("POST") && rest.equals("/releases")) {
      String[] r = create(h, body);
      status = Integer.parseInt(r[0]);
      out = r[1];
    } else if (method.equals("GET") && (m = Pattern.compile("/releases/(\\d+)/assets").matcher(rest)).matches()) {
      ObjectNode r = byId(Long.parseLong(m.group(1)));
      status = r == null ? 404 : 200;
      out = r == null ? error("Not Found", DOCS, 404) : JSON.writeValueAsString(r.path("assets"));
    } else if (method.equals("DELETE") && (m = Pattern.compile("/releases/assets/(\\d+)").matcher(rest)).matches()) {
      long id = Long.parseLong(m.group(1));
      boolean removed = false;
      for (ObjectNode r : releases) {
        ArrayNode assets = (ArrayNode) r.get("assets");
        for (int i = 0; i < assets.size(); i++) {
          if (assets.get(i).path("id").asLong() == id) {
            assets.remove(i);
            removed = true;
            break;
          }
        }
      }
      if (removed) {
        send(ex, 204, Map.of(), "");
        return;
      }
      status = 404;
      out = error("Not Found", DOCS, 404);
    } else {
      status = 404;
      out = error("Not Found", DOCS, 404);
    }
    if (fault != null) {
      answer(ex, fault);
      return;
    }
    json(ex, status, out);
  }

  private String[] create(Map<String, String> h, byte[] body) {
    JsonNode in;
    try {
      in = JSON.readTree(body);
    } catch (RuntimeException e) {
      return new String[] {"400", error("Problems parsing JSON", DOCS + "#create-a-release", 400)};
    }
    String tag = in.path("tag_name").asString("");
    if (tag.isEmpty()) return new String[] {"422", validation("Release", "tag_name", "missing_field")};
    boolean draft = in.path("draft").asBoolean(false);
    boolean taken = releases.stream().anyMatch(x -> !x.path("draft").asBoolean() && x.path("tag_name").asString()
        .equals(tag));
    if (taken && !draft) return new String[] {"422", validation("Release", "tag_name", "already_exists")};
    ObjectNode r = add(tag, in.path("name").asString(tag), in.path("body").asString(""), draft,
        in.path("prerelease").asBoolean(false));
    return new String[] {"201", JSON.writeValueAsString(r)};
  }

  private String[] upload(long releaseId, String query, Map<String, String> h, byte[] body, boolean leaveStarter) {
    ObjectNode r = byId(releaseId);
    if (r == null) return new String[] {"404", error("Not Found", DOCS, 404)};
    Map<String, String> q = new LinkedHashMap<>();
    for (String p : query.split("&")) {
      int i = p.indexOf('=');
      if (i > 0) q.put(p.substring(0, i), URLDecoder.decode(p.substring(i + 1), StandardCharsets.UTF_8));
    }
    String name = q.get("name");
    if (name == null || name.isBlank()) return new String[] {"422", validation("ReleaseAsset", "name", "missing_field")};
    String type = h.get("content-type");
    if (type == null || type.isBlank()) {
      return new String[] {"400", error("Bad Content-Type header value", DOCS, 400)};
    }
    for (JsonNode a : r.path("assets")) {
      if (a.path("name").asString().equals(name)) {
        return new String[] {"422", validation("ReleaseAsset", "name", "already_exists")};
      }
    }
    long id = nextId++;
    ObjectNode a = JSON.createObjectNode();
    a.put("url", apiUrl() + "/repos/" + REPO + "/releases/assets/" + id);
    a.put("browser_download_url", "https://github.com/" + REPO + "/releases/download/" + r.path("tag_name").asString()
        + "/" + name);
    a.put("id", id).put("node_id", "RA_" + id).put("name", name);
    a.putNull("label");
    a.put("state", leaveStarter ? "starter" : "uploaded").put("content_type", type)
        .put("size", leaveStarter ? 0 : body.length).put("download_count", 0)
        .put("created_at", clock.instant().toString()).put("updated_at", clock.instant().toString());
    a.set("uploader", user());
    ((ArrayNode) r.get("assets")).add(a);
    return new String[] {"201", JSON.writeValueAsString(a)};
  }

  private ObjectNode add(String tag, String name, String body, boolean draft, boolean prerelease) {
    long id = nextId++;
    String base = apiUrl() + "/repos/" + REPO + "/releases/" + id;
    ObjectNode r = JSON.createObjectNode();
    r.put("url", base).put("html_url", "https://github.com/" + REPO + "/releases/tag/" + tag);
    r.put("assets_url", base + "/assets");
    r.put("upload_url", uploadsUrl() + "/repos/" + REPO + "/releases/" + id + "/assets{?name,label}");
    r.put("tarball_url", apiUrl() + "/repos/" + REPO + "/tarball/" + tag);
    r.put("zipball_url", apiUrl() + "/repos/" + REPO + "/zipball/" + tag);
    r.put("id", id).put("node_id", "RE_" + id).put("tag_name", tag).put("target_commitish", "main");
    r.put("name", name).put("body", body).put("draft", draft).put("prerelease", prerelease);
    r.put("created_at", clock.instant().toString());
    if (draft) r.putNull("published_at");
    else r.put("published_at", clock.instant().toString());
    r.set("author", user());
    r.set("assets", JSON.createArrayNode());
    releases.add(r);
    return r;
  }

  private ObjectNode byId(long id) {
    return releases.stream().filter(x -> x.path("id").asLong() == id).findFirst().orElse(null);
  }

  private static ObjectNode user() {
    ObjectNode u = JSON.createObjectNode();
    u.put("login", "octocat").put("id", 1).put("type", "User");
    return u;
  }

  private Fault nextFault(String route) {
    Deque<Fault> q = faults.get(route);
    return q == null ? null : q.poll();
  }

  private void answer(HttpExchange ex, Fault f) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>(f.headers());
    headers.putIfAbsent("Content-Type", "application/json; charset=utf-8");
    send(ex, f.status(), headers, f.body());
  }

  static String error(String message, String docs, int status) {
    ObjectNode o = JSON.createObjectNode();
    o.put("message", message).put("documentation_url", docs).put("status", String.valueOf(status));
    return JSON.writeValueAsString(o);
  }

  static String validation(String resource, String field, String code) {
    ObjectNode o = JSON.createObjectNode();
    o.put("message", "Validation Failed");
    ObjectNode e = JSON.createObjectNode();
    e.put("resource", resource).put("code", code).put("field", field);
    o.set("errors", JSON.createArrayNode().add(e));
    o.put("documentation_url", DOCS + "#create-a-release").put("status", "422");
    return JSON.writeValueAsString(o);
  }

  private void json(HttpExchange ex, int status, String body) throws IOException {
    send(ex, status, Map.of("Content-Type", "application/json; charset=utf-8"), body);
  }

  private void send(HttpExchange ex, int status, Map<String, String> headers, String body) throws IOException {
    var out = ex.getResponseHeaders();
    out.set("x-github-api-version-selected", "2022-11-28");
    out.set("x-github-media-type", "github.v3; format=json");
    out.set("x-github-request-id", "EMU:" + received.size());
    out.set("x-ratelimit-limit", "5000");
    out.set("x-ratelimit-remaining", String.valueOf(remaining));
    out.set("x-ratelimit-used", String.valueOf(5000 - remaining));
    out.set("x-ratelimit-reset", String.valueOf(clock.instant().getEpochSecond() + 3600));
    out.set("x-ratelimit-resource", "core");
    headers.forEach(out::set);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, status == 204 || bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0 && status != 204) ex.getResponseBody().write(bytes);
  }
}
