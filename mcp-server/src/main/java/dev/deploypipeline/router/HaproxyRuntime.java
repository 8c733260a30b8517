package dev.deploypipeline.router;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HAProxy's runtime API on a loopback TCP stats socket ({@code stats socket ipv4@127.0.0.1:PORT level admin}):
 * one connection per call, the command line written, the answer read until HAProxy closes. Several commands
 * joined with {@code ;} run in order within that one call, microseconds apart.
 */
public final class HaproxyRuntime {
  private static final int TIMEOUT_MS = 10_000;
  private final int port;

  public HaproxyRuntime(int port) {
    if (port < 1 || port > 65535) throw new IllegalArgumentException("haproxy stats port " + port + " is out of range");
    this.port = port;
  }

  public int port() {
    return port;
  }

  public String command(String line) throws IOException {
    if (line.contains("\n")) throw new IllegalArgumentException("one command line only: " + line);
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MS);
      s.setSoTimeout(TIMEOUT_MS);
      OutputStream out = s.getOutputStream();
      out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.net.ConnectException e) {
      throw new IOException("haproxy stats socket 127.0.0.1:" + port + " is not reachable (is haproxy running, "
          + "with `stats socket ipv4@127.0.0.1:" + port + " level admin`?): " + e.getMessage(), e);
    }
  }
}
