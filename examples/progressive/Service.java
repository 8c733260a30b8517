import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The progressive-delivery example: a JDK-only HTTP service. Run with {@code java Service.java}.
 *
 * <p>Environment: {@code PORT} (required; listens on 127.0.0.1 only), {@code VERSION} (or the first argument),
 * {@code FAIL_RATE} (0..1, default 0): that fraction of {@code /} requests answers 500, deterministically (with
 * 0.2, every 5th request), so a bad canary fails by a known share.
 */
public final class Service {
  public static void main(String[] args) throws IOException {
    String version = args.length > 0 ? args[0] : System.getenv().getOrDefault("VERSION", "dev");
    int port = Integer.parseInt(required("PORT"));
    double failRate = Double.parseDouble(System.getenv().getOrDefault("FAIL_RATE", "0"));
    if (failRate < 0 || failRate > 1) throw new IllegalArgumentException("FAIL_RATE must be between 0 and 1");
    AtomicLong requests = new AtomicLong();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/health", ex -> reply(ex, 200, version, "ok\n"));
    server.createContext("/version", ex -> reply(ex, 200, version, version + "\n"));
    server.createContext("/", ex -> {
      long n = requests.incrementAndGet();
      // Fails exactly floor(n*rate) - floor((n-1)*rate) times per request: an even spread of the given share.
      boolean fail = Math.floor(n * failRate) > Math.floor((n - 1) * failRate);
      reply(ex, fail ? 500 : 200, version, (fail ? "failing " : "hello from ") + version + "\n");
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
    server.start();
    System.out.println("service " + version + " listening on 127.0.0.1:" + port + " (FAIL_RATE " + failRate + ")");
  }

  private static void reply(HttpExchange ex, int status, String version, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("X-Version", version);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String required(String name) {
    String v = System.getenv(name);
    if (v == null || v.isBlank()) {
      System.err.println(name + " is not set: start the service with " + name + "=<value>");
      System.exit(2);
    }
    return v;
  }
}
