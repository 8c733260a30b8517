package dev.deploypipeline.hostcheck;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks the Docker daemon's API itself ({@code GET /_ping}, then {@code /version} and {@code /info}) over the socket
 * {@code DOCKER_HOST} names, or the default {@code /var/run/docker.sock}: no docker client is needed, and a client
 * newer than the daemon cannot get in the way. HTTP/1.0, so the daemon closes the connection after each answer.
 */
final class DockerPing implements HostProbes.Docker {
  static final String DEFAULT_SOCKET = "/var/run/docker.sock";
  private final java.time.Duration timeout;

  DockerPing() {
    this(java.time.Duration.ofSeconds(5));
  }

  /** {@code timeout} per request: a daemon that accepts and never answers is "not reachable" after it. */
  DockerPing(java.time.Duration timeout) {
    this.timeout = timeout;
  }
  private static final Pattern VERSION = Pattern.compile("\"Version\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern ROOT_DIR = Pattern.compile("\"DockerRootDir\"\\s*:\\s*\"([^\"]+)\"");

  @Override
  public HostProbes.DockerStatus ping(Map<String, String> env) {
    String host = env.getOrDefault("DOCKER_HOST", "");
    String endpoint = host.isBlank() ? "unix://" + DEFAULT_SOCKET : host;
    SocketAddress address;
    try {
      address = address(endpoint);
    } catch (IllegalArgumentException e) {
      return new HostProbes.DockerStatus(endpoint, false, null, null, e.getMessage());
    }
    try {
      String ping = get(address, "/_ping");
      if (!ping.startsWith("HTTP/1.") || !ping.contains(" 200 ")) {
        return new HostProbes.DockerStatus(endpoint, false, null, null, "/_ping answered " + firstLine(ping));
      }
      String version = find(VERSION, get(address, "/version"));
      String rootDir = find(ROOT_DIR, get(address, "/info"));
      return new HostProbes.DockerStatus(endpoint, true, version, rootDir, null);
    } catch (IOException e) {
      return new HostProbes.DockerStatus(endpoint, false, null, null, e.getMessage());
    }
  }

  static SocketAddress address(String endpoint) {
    if (endpoint.startsWith("unix://")) {
      Path socket = Path.of(endpoint.substring("unix://".length()));
      if (!Files.exists(socket)) throw new IllegalArgumentException("no socket at " + socket);
      return UnixDomainSocketAddress.of(socket);
    }
    if (endpoint.startsWith("tcp://")) {
      String hostPort = endpoint.substring("tcp://".length()).replaceAll("/.*", "");
      int colon = hostPort.lastIndexOf(':');
      if (colon < 0) throw new IllegalArgumentException("DOCKER_HOST " + endpoint + " has no port");
      return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
    throw new IllegalArgumentException("DOCKER_HOST " + endpoint + " is not unix:// or tcp:// (ssh:// is not probed:"
        + " run `docker info` on that host)");
  }

  private String get(SocketAddress address, String path) throws IOException {
    SocketChannel ch = SocketChannel.open(family(address));
    CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> exchange(ch, address, path));
    try {
      return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // Closing the channel wakes the blocked read, so a hung daemon does not keep a thread.
      ch.close();
      throw new IOException("no answer to " + path + " within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      Throwable c = e.getCause() != null && e.getCause().getCause() != null ? e.getCause().getCause() : e.getCause();
      throw new IOException(c == null ? e.toString() : c.getClass().getSimpleName() + ": " + c.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
  }

  private static StandardProtocolFamily family(SocketAddress address) {
    return address instanceof UnixDomainSocketAddress ? StandardProtocolFamily.UNIX
        : ((InetSocketAddress) address).getAddress() instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6
        : StandardProtocolFamily.INET;
  }

  private static String exchange(SocketChannel channel, SocketAddress address, String path) {
    try (SocketChannel ch = channel) {
      ch.connect(address);
      ch.write(ByteBuffer.wrap(("GET " + path + " HTTP/1.0\r\nHost: docker\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(8192);
      while (ch.read(buf) >= 0 && out.size() < 1_000_000) {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
      }
      return out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String find(Pattern p, String text) {
    Matcher m = p.matcher(text);
    return m.find() ? m.group(1) : null;
  }

  private static String firstLine(String s) {
    return s.lines().findFirst().orElse("(nothing)");
  }
}
