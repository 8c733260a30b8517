package dev.deploypipeline.dashboard;

import dev.deploypipeline.deploy.DeploymentService;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The dashboard servlet alone in a real Jetty on a free loopback port, as the web host mounts it (at /*). */
final class DashboardServer implements AutoCloseable {
  private final Server server = new Server();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  final String base;

  DashboardServer(DeploymentService service) throws Exception {
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(new ServletHolder(new DashboardServlet(service)), "/*");
    server.setHandler(context);
    server.start();
    base = "http://127.0.0.1:" + connector.getLocalPort();
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The page at {@code path}, which must answer 200 with HTML. */
  String page(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    return r.body();
  }

  /** The text inside the element carrying {@code marker} (an attribute fragment), tags dropped and unescaped. */
  static String cell(String html, String marker, String tag) {
    Matcher m = Pattern.compile(Pattern.quote(marker) + "[^>]*>(.*?)</" + tag + ">", Pattern.DOTALL).matcher(html);
    assertThat(m.find()).as("element with " + marker).isTrue();
    return m.group(1).replaceAll("<[^>]+>", "").replace("&#39;", "'").replace("&quot;", "\"").replace("&lt;", "<")
        .replace("&gt;", ">").replace("&amp;", "&").strip();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
