package dev.deploypipeline.rollout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@link Probe} over HTTP to loopback instances, with short timeouts (a hung instance is a failed check). */
public final class HttpProbe implements Probe {
  // Built on the first probe: an HttpClient initialises TLS (about 150 ms cold), and the server builds this probe at
  // start for every session, most of which never roll anything out.
  private HttpClient client;

  private synchronized HttpClient client() {
    if (client == null) client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    return client;
  }

  @Override
  public int status(String address, String path) throws IOException, InterruptedException {
    return client().send(request(address, path), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Override
  public String version(String address, String path) throws IOException, InterruptedException {
    HttpResponse<String> r = client().send(request(address, path), HttpResponse.BodyHandlers.ofString());
    return r.headers().firstValue("X-Version").orElse(r.body() == null ? "" : r.body().strip());
  }

  private static HttpRequest request(String address, String path) {
    return HttpRequest.newBuilder(URI.create("http://" + address + path)).timeout(Duration.ofSeconds(5)).GET()
        .build();
  }
}
