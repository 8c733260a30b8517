package dev.deploypipeline.targets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Free ports on 127.0.0.1, for instances and private proxies whose config names none. */
public final class Ports {
  private Ports() {}

  /** One port free on 127.0.0.1 now (the OS picks it; another process may still take it before we bind). */
  public static int free() {
    return free(1).get(0);
  }

  /** {@code n} distinct free ports: all sockets stay open until every port is chosen, so none repeats. */
  public static List<Integer> free(int n) {
    List<ServerSocket> open = new ArrayList<>();
    try {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        open.add(s);
        ports.add(s.getLocalPort());
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1: " + e.getMessage(), e);
    } finally {
      for (ServerSocket s : open) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing a listening socket we own does not fail in practice; the port is freed either way
        }
      }
    }
  }
}
