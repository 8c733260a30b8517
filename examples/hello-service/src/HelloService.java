import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The example service the pipeline deploys: answers {@code GET /health} and {@code GET /version} on 127.0.0.1.
 * Deliberately dependency-free (JDK only) so the example needs nothing but a JDK.
 */
public final class HelloService {

  private final HttpServer server;
  private final Map<String, String> info;

  private HelloService(HttpServer server, Map<String, String> info) {
    this.server = server;
    this.info = info;
  }

  /** Starts the server; {@code port} 0 picks an ephemeral port (used by the test). */
  public static HelloService start(int port, String version, String commit, String deploymentId, String environment)
      throws IOException {
    Map<String, String> info = new LinkedHashMap<>();
    info.put("service", "hello-service");
    info.put("version", version);
    info.put("commit", commit);
    info.put("deploymentId", deploymentId);
    info.put("environment", environment);
    // Loopback only: this is a local demo target, never something to expose on the network.
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    HelloService service = new HelloService(server, Map.copyOf(info));
    server.createContext("/health", ex -> service.answer(ex, "{\"status\":\"ok\"}"));
    server.createContext("/version", ex -> service.answer(ex, toJson(info)));
    server.createContext("/", ex -> service.respond(ex, 404, "{\"error\":\"not found\"}"));
    server.start();
    return service;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public Map<String, String> info() {
    return info;
  }

  public void stop() {
    server.stop(0);
  }

  private void answer(HttpExchange ex, String body) throws IOException {
    // Contexts match by prefix; only the exact path is a real endpoint.
    String path = ex.getRequestURI().getPath();
    if (!path.equals(ex.getHttpContext().getPath())) {
      respond(ex, 404, "{\"error\":\"not found\"}");
    } else if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
      ex.getResponseHeaders().set("Allow", "GET, HEAD");
      respond(ex, 405, "{\"error\":\"method not allowed\"}");
    } else {
      respond(ex, 200, body);
    }
  }

  private void respond(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    boolean head = "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(status, head ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      if (!head) out.write(bytes);
    }
  }

  static String toJson(Map<String, String> fields) {
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, String> e : fields.entrySet()) {
      if (sb.length() > 1) sb.append(',');
      sb.append('"').append(escape(e.getKey())).append("\":\"").append(escape(e.getValue())).append('"');
    }
    return sb.append('}').toString();
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
          else sb.append(c);
        }
      }
    }
    return sb.toString();
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = parseArgs(args);
    int port;
    try {
      port = Integer.parseInt(opts.getOrDefault("port", "8080"));
      if (port < 0 || port > 65535) throw new NumberFormatException();
    } catch (NumberFormatException e) {
      System.err.println("hello-service: --port must be a number 0-65535, got '" + opts.get("port") + "'");
      System.exit(2);
      return;
    }
    HelloService service;
    try {
      service = start(port, opts.getOrDefault("version", "dev"), opts.getOrDefault("commit", "unknown"),
          opts.getOrDefault("deployment-id", ""), opts.getOrDefault("environment", "local"));
    } catch (BindException e) {
      System.err.println("hello-service: cannot listen on 127.0.0.1:" + port + " (" + e.getMessage()
          + "); stop whatever uses that port or choose another with --port");
      System.exit(1);
      return;
    }
    System.out.println("hello-service " + service.info.get("version") + " listening on http://127.0.0.1:"
        + service.port() + " (environment " + service.info.get("environment") + ", pid " + ProcessHandle.current().pid()
        + ")");
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM/SIGINT run shutdown hooks: close the listener so in-flight requests finish and the port is freed.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("hello-service: shutting down");
      service.server.stop(1);
      stopped.countDown();
    }, "shutdown"));
    stopped.await();
  }

  private static Map<String, String> parseArgs(String[] args) {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) usage("unexpected argument '" + a + "'");
      String key = a.substring(2);
      String value;
      int eq = key.indexOf('=');
      if (eq >= 0) {
        value = key.substring(eq + 1);
        key = key.substring(0, eq);
      } else {
        if (i + 1 >= args.length) usage("--" + key + " needs a value");
        value = args[++i];
      }
      if (!java.util.Set.of("port", "version", "commit", "deployment-id", "environment").contains(key)) {
        usage("unknown option --" + key);
      }
      opts.put(key, value);
    }
    return opts;
  }

  private static void usage(String problem) {
    System.err.println("hello-service: " + problem);
    System.err.println("usage: java HelloService --port N [--version V] [--commit C] [--deployment-id D]"
        + " [--environment E]");
    System.exit(2);
  }
}
