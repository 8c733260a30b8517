package dev.deploypipeline.router;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A client of Caddy's admin API (loopback only). */
public final class CaddyAdmin {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final URI base;
  private final HttpClient http;

  public CaddyAdmin(URI base) {
    if (!"127.0.0.1".equals(base.getHost()) && !"localhost".equals(base.getHost())) {
      throw new IllegalArgumentException(
          "caddy admin address " + base + " is not on loopback; use http://127.0.0.1:<port>");
    }
    this.base = base;
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  public URI base() {
    return base;
  }

  public record Reply(int status, String body) {}

  /** GETs a path such as {@code /config/} or {@code /id/x/upstreams}; anything but 200 is an error. */
  public String get(String path) throws IOException, InterruptedException {
    Reply r = send("GET", path, null, null);
    if (r.status() != 200) throw failure("GET", path, r);
    return r.body();
  }

  /** Sends a change; returns the reply whatever its status, so the caller can retry a 412. */
  public Reply send(String method, String path, String json, String ifMatch) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
    if (json != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    if (ifMatch != null) b.header("If-Match", ifMatch);
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(r.statusCode(), r.body());
    } catch (java.net.ConnectException e) {
      throw new IOException("caddy admin API at " + base + " is not reachable (is caddy running?): " + e, e);
    }
  }

  /**
   * The ETag Caddy 2.6 expects in {@code If-Match} for the config at {@code path}: {@code "<path> <fnv-1a 32 of the
   * exported JSON>"}. Caddy sends it only as an HTTP trailer, which Java's client drops, so it is computed here
   * from the same bytes (checked against the trailer in CaddyRouterTest).
   */
  public static String etag(String path, String exportedJson) {
    int h = 0x811c9dc5;
    for (byte b : exportedJson.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x01000193;
    }
    return "\"" + path + " " + String.format("%08x", h) + "\"";
  }

  static IOException failure(String method, String path, Reply r) {
    return new IOException("caddy admin " + method + " " + path + " answered " + r.status() + ": " + r.body().strip());
  }
}
