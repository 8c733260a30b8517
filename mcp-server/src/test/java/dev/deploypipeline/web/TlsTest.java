package dev.deploypipeline.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --tls-keystore: a keystore made by the JDK's keytool, the host serving HTTPS with it, and a client that trusts
 * exactly that certificate; the session cookie is Secure.
 */
class TlsTest {
  @TempDir Path dir;

  @Test
  void aKeystoreServesHttpsAndTheCookieIsSecure() throws Exception {
    Path ks = dir.resolve("web.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "web", "-keyalg", "EC", "-storetype", "PKCS12",
        "-keystore", ks.toString(), "-storepass", "changeit", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
        "-validity", "2").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(out).isTrue();

    AccessToken token = AccessToken.random();
    WebOptions o = new WebOptions("127.0.0.1", 0, false, ks, "changeit", false, null, Duration.ofSeconds(2));
    try (WebServer web = new WebServer(o, token, "tester", new WebFixture.EchoPages(), new WebFixture.EchoPages(),
        java.time.Clock.systemUTC(), null).start()) {
      assertThat(web.origin()).startsWith("https://127.0.0.1:");
      assertThat(web.banner().get(0)).startsWith("Dashboard: https://127.0.0.1:");
      KeyStore trust = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(ks)) {
        trust.load(in, "changeit".toCharArray());
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      HttpClient client = HttpClient.newBuilder().sslContext(ssl).build();
      HttpResponse<String> health = client.send(HttpRequest.newBuilder(java.net.URI.create(web.origin() + "/health"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.body()).isEqualTo("ok");
      HttpResponse<String> login = client.send(HttpRequest.newBuilder(java.net.URI.create(web.origin()
          + "/login?token=" + token.value())).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(login.statusCode()).isEqualTo(303);
      assertThat(login.headers().firstValue("Set-Cookie")).get().asString().containsIgnoringCase("Secure");
    }
  }
}
