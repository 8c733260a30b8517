package dev.deploypipeline.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how the web host listens. A non-loopback address is refused unless {@code publicBind} is set and the
 * traffic is protected: either TLS here ({@code tlsKeystore}) or a TLS-terminating reverse proxy in front
 * ({@code behindProxy}, with {@code publicOrigin} the address browsers use).
 */
public record WebOptions(String bind, int port, boolean publicBind, Path tlsKeystore, String keystorePassword,
    boolean behindProxy, String publicOrigin, Duration stopTimeout) {

  public static WebOptions loopback(int port) {
    return new WebOptions("127.0.0.1", port, false, null, null, false, null, Duration.ofSeconds(10));
  }

  public boolean tls() {
    return tlsKeystore != null;
  }

  /** Throws with what to do when the combination would expose the server unprotected. */
  public void check() {
    if (port < 0 || port > 65535) throw new IllegalArgumentException("--port: " + port + " is not a port; use 1-65535, "
        + "or 0 to pick a free one");
    if (tlsKeystore != null && keystorePassword == null) {
      throw new IllegalArgumentException("--tls-keystore: set the keystore password in the environment variable "
          + HttpServeCommand.KEYSTORE_PASSWORD_ENV + " (it is never read from the command line)");
    }
    if (loopback(bind)) return;
    if (!publicBind) {
      throw new IllegalArgumentException("--bind " + bind + " is not a loopback address: anyone who can reach it "
          + "could try the token. Add --public to mean it, with --tls-keystore FILE or --behind-proxy "
          + "(see docs/rest-api.md, Public binding)");
    }
    if (!tls() && !behindProxy) {
      throw new IllegalArgumentException("--public needs TLS: pass --tls-keystore FILE (PKCS12), or --behind-proxy "
          + "when a TLS-terminating reverse proxy forwards to this address (see docs/rest-api.md, Public binding)");
    }
    if (behindProxy && (publicOrigin == null || !publicOrigin.startsWith("https://"))) {
      throw new IllegalArgumentException("--behind-proxy: pass --origin https://HOST[:PORT], the address browsers use "
          + "through the proxy (the CSRF check accepts only that origin)");
    }
  }

  /** True for 127.0.0.0/8, ::1 and localhost; a name that does not resolve counts as not loopback. */
  static boolean loopback(String host) {
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        if (!a.isLoopbackAddress()) return false;
      }
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
