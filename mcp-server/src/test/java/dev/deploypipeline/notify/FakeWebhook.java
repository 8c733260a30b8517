package dev.deploypipeline.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook on 127.0.0.1 that answers like Slack's or Teams': scripted answers first, then the default, which for
 * Slack validates the payload against Block Kit's limits ({@code 400 invalid_blocks}, {@code no_text}) as Slack
 * does. {@link #hang()} makes it accept and never answer.
 */
final class FakeWebhook implements AutoCloseable {
  record Answer(int status, String body, Map<String, String> headers) {
    static Answer of(int status, String body) {
      return new Answer(status, body, Map.of());
    }
  }

  record Request(String path, String query, String contentType, String body) {
    JsonNode json() {
      return JsonMapper.shared().readTree(body);
    }
  }

  private final HttpServer server;
  private final Deque<Answer> script = new ConcurrentLinkedDeque<>();
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final Function<Request, Answer> fallback;
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean hang;

  private FakeWebhook(Function<Request, Answer> fallback) throws IOException {
    this.fallback = fallback;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-webhook");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::handle);
    server.start();
  }

  /** Slack: 200 {@code ok}, or the error codes Slack gives for payloads it refuses. */
  static FakeWebhook slack() throws IOException {
    return new FakeWebhook(FakeWebhook::slackAnswer);
  }

  /** Teams Workflows: 202 with an empty body for any JSON message envelope, 400 otherwise. */
  static FakeWebhook teams() throws IOException {
    return new FakeWebhook(r -> {
      JsonNode j = r.json();
      boolean ok = "message".equals(j.path("type").asString()) && j.path("attachments").isArray();
      return ok ? Answer.of(202, "") : Answer.of(400, "{\"error\":{\"code\":\"InvalidRequestContent\"}}");
    });
  }

  static FakeWebhook answering(Function<Request, Answer> fallback) throws IOException {
    return new FakeWebhook(fallback);
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  FakeWebhook then(Answer a) {
    script.add(a);
    return this;
  }

  FakeWebhook hang() {
    hang = true;
    return this;
  }

  List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Request r = new Request(ex.getRequestURI().getPath(), ex.getRequestURI().getQuery(),
        ex.getRequestHeaders().getFirst("Content-Type"), body);
    requests.add(r);
    if (hang) {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.close();
      return;
    }
    Answer a = script.poll();
    if (a == null) a = fallback.apply(r);
    a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(out);
    }
  }

  /** Slack's documented limits: 50 blocks, header 150, section text 3000, 10 fields of 2000, text required. */
  static Answer slackAnswer(Request r) {
    JsonNode j;
    try {
      j = r.json();
    } catch (RuntimeException e) {
      return Answer.of(400, "invalid_payload");
    }
    if (j.path("text").asString("").isBlank() && !j.has("blocks")) return Answer.of(400, "no_text");
    JsonNode blocks = j.path("blocks");
    if (blocks.size() > 50) return Answer.of(400, "invalid_blocks");
    for (JsonNode b : blocks) {
      String type = b.path("type").asString();
      if (type.equals("header") && b.path("text").path("text").asString().length() > 150) return Answer.of(400, "invalid_blocks");
      if (type.equals("section")) {
        if (b.path("text").path("text").asString("").length() > 3000) return Answer.of(400, "invalid_blocks");
        if (b.path("fields").size() > 10) return Answer.of(400, "invalid_blocks");
        for (JsonNode f : b.path("fields")) if (f.path("text").asString().length() > 2000) return Answer.of(400, "invalid_blocks");
      }
      if (type.equals("actions")) {
        for (JsonNode e : b.path("elements")) {
          if (e.path("text").path("text").asString().length() > 75) return Answer.of(400, "invalid_blocks");
          if (e.path("url").asString().length() > 3000) return Answer.of(400, "invalid_blocks");
        }
      }
    }
    return Answer.of(200, "ok");
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
  }
}
