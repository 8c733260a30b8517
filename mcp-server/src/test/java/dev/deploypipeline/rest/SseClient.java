package dev.deploypipeline.rest;

import dev.deploypipeline.web.WebFixture;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Reads an event stream line by line on the HTTP client's threads; the test takes events off a queue with timeouts. */
final class SseClient implements AutoCloseable {
  record Sse(String id, String event, String data, String comment) {
    @SuppressWarnings("unchecked")
    Map<String, Object> json() {
      return (Map<String, Object>) Json.parse(data);
    }
  }

  static final Sse CLOSED = new Sse(null, "closed", null, null);
  final BlockingQueue<Sse> events = new LinkedBlockingQueue<>();
  final int status;
  final String contentType;
  private final Stream<String> lines;

  SseClient(WebFixture f, String path, String lastEventId) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(f.uri(path)).header("Authorization", "Bearer " + f.token.value())
        .header("Accept", "text/event-stream");
    if (lastEventId != null) b.header("Last-Event-ID", lastEventId);
    HttpResponse<Stream<String>> r = f.http.send(b.build(), HttpResponse.BodyHandlers.ofLines());
    status = r.statusCode();
    contentType = r.headers().firstValue("Content-Type").orElse("");
    lines = r.body();
    CompletableFuture.runAsync(this::read);
  }

  private void read() {
    String id = null;
    String event = null;
    StringBuilder data = new StringBuilder();
    try {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.isEmpty()) {
          if (event != null || data.length() > 0) events.add(new Sse(id, event, data.toString(), null));
          id = null;
          event = null;
          data.setLength(0);
        } else if (line.startsWith(":")) {
          events.add(new Sse(null, null, null, line.substring(1).strip()));
        } else if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        }
      }
    } catch (RuntimeException e) {
      // the stream was closed under us
    }
    events.add(CLOSED);
  }

  /** The next event with an id (comments and retry lines skipped), failing after the timeout. */
  Sse next() throws InterruptedException {
    while (true) {
      Sse s = events.poll(30, TimeUnit.SECONDS);
      if (s == null) throw new AssertionError("no event within 30 s");
      if (s == CLOSED || s.id() != null) return s;
    }
  }

  /** Events until one for which {@code stop} holds (included). */
  List<Sse> until(java.util.function.Predicate<Sse> stop) throws InterruptedException {
    List<Sse> out = new ArrayList<>();
    while (true) {
      Sse s = next();
      if (s == CLOSED) throw new AssertionError("stream closed after " + out);
      out.add(s);
      if (stop.test(s)) return out;
    }
  }

  Sse comment(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      Sse s = events.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (s != null && s.comment() != null) return s;
    }
    return null;
  }

  @Override
  public void close() {
    lines.close();
  }
}
