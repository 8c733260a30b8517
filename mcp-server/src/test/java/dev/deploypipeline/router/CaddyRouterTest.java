package dev.deploypipeline.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.deploypipeline.targets.Instance;
import dev.deploypipeline.targets.Ports;
import dev.deploypipeline.testutil.ExampleServices;
import dev.deploypipeline.testutil.RequiredTool;
import dev.deploypipeline.workflow.Sleeper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The router contract against a real Caddy 2.6, plus Caddy's ETag guard. */
class CaddyRouterTest extends RouterContractTest {
  private int adminPort;

  @Override
  PrivateProxy<? extends Router> startProxy(Path dir, List<Upstream> initial) throws Exception {
    Path bin = RequiredTool.require("caddy", "caddy");
    if (initial == null) return null;
    List<Integer> ports = Ports.free(2);
    adminPort = ports.get(1);
    return CaddyProcess.start(bin, dir, ports.get(0), adminPort, "pd_test", initial, Sleeper.REAL);
  }

  @Override
  Router attached() {
    return CaddyRouter.attach(URI.create("http://127.0.0.1:" + adminPort), "pd_test",
        dir.resolve("proxy/access.log"));
  }

  @Test
  void theComputedEtagIsTheOneCaddySendsAsATrailerAndAStaleOneIsRefused() throws Exception {
    String raw = rawGet(adminPort, "/config/");
    Matcher m = Pattern.compile("(?m)^Etag: (.*)\\r?$").matcher(raw);
    assertThat(m.find()).as("trailer in %s", raw).isTrue();
    CaddyAdmin admin = new CaddyAdmin(URI.create("http://127.0.0.1:" + adminPort));
    assertThat(CaddyAdmin.etag("/config/", admin.get("/config/"))).isEqualTo(m.group(1).strip());

    CaddyAdmin.Reply stale = admin.send("PATCH", "/id/pd_test/upstreams", "[{\"dial\":\"" + v1.address() + "\"}]",
        "\"/config/ 00000000\"");
    assertThat(stale.status()).isEqualTo(412);
  }

  private static String rawGet(int port, String path) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream out = s.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nTE: trailers\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
