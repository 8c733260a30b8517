package dev.deploypipeline.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop (what SIGTERM runs) lets a request in flight finish and answer, while the server takes no new
 * connections; the request is held by a latch in the page servlet, not by time.
 */
class GracefulStopTest {
  @TempDir Path dir;

  static final class HeldPage extends HttpServlet {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
      entered.countDown();
      try {
        if (!release.await(60, TimeUnit.SECONDS)) throw new IOException("never released");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      res.getWriter().write("finished");
    }
  }

  @Test
  void aRequestInFlightFinishesWhileNewConnectionsAreRefused() throws Exception {
    HeldPage page = new HeldPage();
    try (WebFixture f = WebFixture.start(dir, WebFixture.GOOD_CONFIG, page, Duration.ofSeconds(15),
        Map.of("DEPLOY_PIPELINE_USER", WebFixture.USER))) {
      CompletableFuture<HttpResponse<String>> inFlight = f.http.sendAsync(f.request("/slow").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.entered.await(30, TimeUnit.SECONDS)).isTrue();

      CountDownLatch stopped = new CountDownLatch(1);
      Thread stopper = new Thread(() -> {
        try {
          f.web.stop();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        } finally {
          stopped.countDown();
        }
      });
      stopper.start();
      awaitRefused(f);
      assertThat(stopped.getCount()).as("the stop waits for the request in flight").isEqualTo(1);

      page.release.countDown();
      HttpResponse<String> r = inFlight.get(30, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("finished");
      assertThat(stopped.await(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** Until a fresh connection is refused: the connector is closed while the request is still held. */
  static void awaitRefused(WebFixture f) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < end) {
      HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      try {
        fresh.send(HttpRequest.newBuilder(f.uri("/health")).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
      } catch (ConnectException refused) {
        return;
      } catch (IOException other) {
        return; // reset or closed: not accepted either
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("the server still accepted connections 30 s after the stop began");
  }
}
