package dev.deploypipeline.jira;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Jira Cloud REST v3 on 127.0.0.1, as much of it as the pipeline uses, in its wire format: basic auth (account
 * email and API token); {@code POST /rest/api/3/issue/{key}/comment} with an ADF body (201 with the comment);
 * {@code GET …/transitions} (200, the transitions from the issue's status) and {@code POST …/transitions} (204);
 * {@code POST …/remotelink} (201 new, 200 when the globalId exists); {@code GET /rest/api/3/myself}. Errors are
 * Jira's {@code {"errorMessages": [...], "errors": {...}}} with its statuses: 400 bad body or transition, 401 bad
 * credentials, 404 unknown issue, and scripted faults (403, 429 with Retry-After, 5xx) per route.
 */
public final class FakeJiraServer implements AutoCloseable {
  public static final String EMAIL = "deploy-bot@example.com";
  public static final String TOKEN = "ATATT3xFfGF0jiraT0kenNeverShown";
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final Pattern ISSUE = Pattern.compile("/rest/api/3/issue/([^/]+)/(comment|transitions|remotelink)");
  /** The workflow of every issue: status name → transition (id, name) that leads there. */
  private static final Map<String, String[]> WORKFLOW = new LinkedHashMap<>();

  static {
    WORKFLOW.put("To Do", new String[] {"11", "Reopen"});
    WORKFLOW.put("In Progress", new String[] {"21", "Start progress"});
    WORKFLOW.put("Done", new String[] {"31", "Done"});
  }

  /** One request as received; {@link #line()} is what tests compare: method and path. */
  public record Received(String method, String path, Map<String, String> headers, String body) {
    public String line() {
      return method + " " + path;
    }

    public String header(String name) {
      return headers.get(name.toLowerCase());
    }

    public JsonNode json() {
      return JSON.readTree(body);
    }
  }

  /** A canned answer to the next request on a route, instead of the normal one. */
  public record Fault(int status, Map<String, String> headers, List<String> errorMessages) {
    public static Fault of(int status, String message) {
      return new Fault(status, Map.of(), List.of(message));
    }

    public static Fault rateLimited(String retryAfter) {
      return new Fault(429, Map.of("Retry-After", retryAfter), List.of("Rate limit exceeded."));
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, String> status = new ConcurrentHashMap<>();
  private final Map<String, List<JsonNode>> comments = new ConcurrentHashMap<>();
  private final Map<String, Map<String, JsonNode>> links = new ConcurrentHashMap<>();
  private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
  private int nextId = 10000;

  public FakeJiraServer(String... issues) throws IOException {
    for (String i : issues) status.put(i, "To Do");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Faults for route {@code comment}, {@code transitions}, {@code transition}, {@code remotelink}, in order. */
  public FakeJiraServer fault(String route, Fault... f) {
    faults.computeIfAbsent(route, r -> new ArrayDeque<>()).addAll(List.of(f));
    return this;
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public List<String> lines() {
    return received.stream().map(Received::line).toList();
  }

  public String statusOf(String issue) {
    return status.get(issue);
  }

  public List<JsonNode> comments(String issue) {
    return List.copyOf(comments.getOrDefault(issue, List.of()));
  }

  public Map<String, JsonNode> remoteLinks(String issue) {
    return Map.copyOf(links.getOrDefault(issue, Map.of()));
  }

  private synchronized void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String body;
      try (InputStream in = ex.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Map<String, String> headers = new LinkedHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
      String path = ex.getRequestURI().getRawPath();
      String method = ex.getRequestMethod();
      received.add(new Received(method, path, headers, body));
      String expected = "Basic " + Base64.getEncoder().encodeToString((EMAIL + ":" + TOKEN)
          .getBytes(StandardCharsets.UTF_8));
      if (!expected.equals(headers.get("authorization"))) {
        error(ex, 401, Map.of(), List.of("Client must be authenticated to access this resource."), Map.of());
        return;
      }
      if (method.equals("GET") && path.equals("/rest/api/3/myself")) {
        send(ex, 200, Map.of(), JSON.createObjectNode().put("accountId", "5b10a2844c20165700ede21g")
            .put("emailAddress", EMAIL).put("displayName", "Deploy Bot").put("active", true).toString());
        return;
      }
      Matcher m = ISSUE.matcher(path);
      if (!m.matches()) {
        error(ex, 404, Map.of(), List.of("null for uri: " + baseUrl() + path), Map.of());
        return;
      }
      String key = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
      String route = m.group(2).equals("transitions") && method.equals("POST") ? "transition" : m.group(2);
      Deque<Fault> q = faults.get(route);
      Fault fault = q == null ? null : q.poll();
      if (fault != null) {
        error(ex, fault.status(), fault.headers(), fault.errorMessages(), Map.of());
        return;
      }
      if (!status.containsKey(key)) {
        error(ex, 404, Map.of(), List.of("Issue does not exist or you do not have permission to see it."), Map.of());
        return;
      }
      if (method.equals("POST") && !String.valueOf(headers.get("content-type")).startsWith("application/json")) {
        send(ex, 415, Map.of(), "");
        return;
      }
      JsonNode json = null;
      if (method.equals("POST")) {
        try {
          json = JSON.readTree(body);
        } catch (JacksonException e) {
          error(ex, 400, Map.of(), List.of("Unexpected character in the request body."), Map.of());
          return;
        }
      }
      switch (route + " " + method) {
        case "comment POST" -> comment(ex, key, json);
        case "transitions GET" -> send(ex, 200, Map.of(), transitions(key).toString());
        case "transition POST" -> transition(ex, key, json);
        case "remotelink POST" -> remoteLink(ex, key, json);
        default -> error(ex, 405, Map.of(), List.of("Method Not Allowed"), Map.of());
      }
    } catch (RuntimeException e) {
      e.printStackTrace();
      throw e;
    }
  }

  private void comment(HttpExchange ex, String key, JsonNode json) throws IOException {
    String problem = AdfCheck.problem(json.path("body"));
    if (problem != null) {
      error(ex, 400, Map.of(), List.of(), Map.of("comment", "Comment body is not valid! " + problem));
      return;
    }
    String id = String.valueOf(nextId++);
    comments.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(json.path("body"));
    ObjectNode c = JSON.createObjectNode().put("self", baseUrl() + "/rest/api/3/issue/" + key + "/comment/" + id)
        .put("id", id).put("created", "2026-11-25T10:00:00.000+0000");
    c.set("body", json.path("body"));
    c.set("author", JSON.createObjectNode().put("emailAddress", EMAIL).put("displayName", "Deploy Bot"));
    send(ex, 201, Map.of(), c.toString());
  }

  private ObjectNode transitions(String key) {
    ArrayNode list = JSON.createArrayNode();
    WORKFLOW.forEach((to, t) -> {
      if (to.equals(status.get(key))) return;
      ObjectNode n = JSON.createObjectNode().put("id", t[0]).put("name", t[1]).put("hasScreen", false)
          .put("isGlobal", true).put("isInitial", false).put("isAvailable", true).put("isConditional", false);
      n.set("to", JSON.createObjectNode().put("self", baseUrl() + "/rest/api/3/status/" + t[0]).put("name", to)
          .put("id", t[0]));
      list.add(n);
    });
    ObjectNode root = JSON.createObjectNode().put("expand", "transitions");
    root.set("transitions", list);
    return root;
  }

  private void transition(HttpExchange ex, String key, JsonNode json) throws IOException {
    String id = json.path("transition").path("id").asString("");
    for (JsonNode t : transitions(key).path("transitions")) {
      if (t.path("id").asString("").equals(id)) {
        status.put(key, t.path("to").path("name").asString());
        send(ex, 204, Map.of(), "");
        return;
      }
    }
    error(ex, 400, Map.of(), List.of("Transition id '" + id + "' is not valid for this issue."), Map.of());
  }

  private void remoteLink(HttpExchange ex, String key, JsonNode json) throws IOException {
    String url = json.path("object").path("url").asString("");
    String title = json.path("object").path("title").asString("");
    if (url.isEmpty() || title.isEmpty()) {
      Map<String, String> errors = new LinkedHashMap<>();
      if (url.isEmpty()) errors.put("url", "'url' is required.");
      if (title.isEmpty()) errors.put("title", "'title' is required.");
      error(ex, 400, Map.of(), List.of(), errors);
      return;
    }
    Map<String, JsonNode> mine = links.computeIfAbsent(key, k -> new LinkedHashMap<>());
    String globalId = json.path("globalId").asString(String.valueOf(nextId));
    boolean existed = mine.containsKey(globalId);
    mine.put(globalId, json);
    int id = nextId++;
    send(ex, existed ? 200 : 201, Map.of(), JSON.createObjectNode().put("id", id)
        .put("self", baseUrl() + "/rest/api/3/issue/" + key + "/remotelink/" + id).toString());
  }

  private static void error(HttpExchange ex, int code, Map<String, String> headers, List<String> messages,
      Map<String, String> errors) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    ArrayNode m = n.putArray("errorMessages");
    messages.forEach(m::add);
    ObjectNode e = n.putObject("errors");
    errors.forEach(e::put);
    send(ex, code, headers, n.toString());
  }

  private static void send(HttpExchange ex, int code, Map<String, String> headers, String body) throws IOException {
    headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (!body.isEmpty()) ex.getResponseHeaders().add("Content-Type", "application/json;charset=UTF-8");
    ex.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) ex.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
