package dev.deploypipeline.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The If-Match retry, against a loopback stand-in for Caddy's admin API that answers 412 a set number of times
 * (another writer winning the race cannot be timed reliably with a real Caddy).
 */
class CaddyRouterRetryTest {
  private HttpServer server;
  private final List<String> ifMatch = new CopyOnWriteArrayList<>();

  private CaddyRouter routerRefusing(int refusals) throws Exception {
    AtomicInteger left = new AtomicInteger(refusals);
    AtomicInteger version = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      byte[] body;
      int status;
      if (ex.getRequestMethod().equals("GET")) {
        status = 200;
        body = ("{\"v\":" + version.get() + "}\n").getBytes(StandardCharsets.UTF_8);
      } else {
        ifMatch.add(ex.getRequestHeaders().getFirst("If-Match"));
        boolean refuse = left.getAndDecrement() > 0;
        version.incrementAndGet(); // the other writer changed the config
        status = refuse ? 412 : 200;
        body = (refuse ? "{\"error\":\"If-Match header did not match current config hash\"}" : "")
            .getBytes(StandardCharsets.UTF_8);
      }
      ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    return new CaddyRouter(new CaddyAdmin(URI.create("http://127.0.0.1:" + server.getAddress().getPort())), "app",
        null);
  }

  @AfterEach
  void stop() {
    if (server != null) server.stop(0);
  }

  @Test
  void retriesWithAFreshEtagAfterA412() throws Exception {
    routerRefusing(2).route(List.of(new Upstream("127.0.0.1:9001", 1)));
    assertThat(ifMatch).hasSize(3).doesNotHaveDuplicates()
        .first().isEqualTo(CaddyAdmin.etag("/config/", "{\"v\":0}\n"));
  }

  @Test
  void givesUpAfterFiveRefusalsSayingWhy() throws Exception {
    CaddyRouter router = routerRefusing(99);
    assertThatThrownBy(() -> router.route(List.of(new Upstream("127.0.0.1:9001", 1))))
        .hasMessageContaining("412").hasMessageContaining("5 times");
    assertThat(ifMatch).hasSize(CaddyRouter.MAX_ATTEMPTS);
  }
}
