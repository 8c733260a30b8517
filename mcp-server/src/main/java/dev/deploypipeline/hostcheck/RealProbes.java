package dev.deploypipeline.hostcheck;

import dev.deploypipeline.router.CaddyAdmin;
import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The probes of {@link HostProbes#real}: this machine's filesystems, /proc, sockets and programs. */
final class RealProbes {
  private static final long TOOL_TIMEOUT_SECONDS = 60;
  private static final int MAX_OUTPUT_CHARS = 8000;

  private RealProbes() {}

  static HostProbes.Space space(Path path) throws IOException {
    Path p = path;
    while (p != null && !Files.exists(p)) p = p.getParent();
    if (p == null) throw new IOException("no existing directory above " + path);
    FileStore store = Files.getFileStore(p);
    return new HostProbes.Space(mountOf(store, p), store.getTotalSpace(), store.getUsableSpace());
  }

  /** FileStore.toString() is "mountpoint (device)" on Linux. */
  private static String mountOf(FileStore store, Path p) {
    String s = store.toString();
    int paren = s.lastIndexOf(" (");
    return paren > 0 ? s.substring(0, paren) : p.toString();
  }

  static HostProbes.MemoryInfo memory() throws IOException {
    long total = -1;
    long available = -1;
    for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) total = kib(line) * 1024;
      if (line.startsWith("MemAvailable:")) available = kib(line) * 1024;
    }
    if (total < 0 || available < 0) throw new IOException("/proc/meminfo has no MemTotal or MemAvailable line");
    return new HostProbes.MemoryInfo(total, available);
  }

  private static long kib(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }

  /** Binding is the test: a wildcard bind fails when any address holds the port, as Docker's own bind would. */
  static boolean portFree(String hostIp, int port, String protocol) {
    try {
      InetAddress addr = hostIp.isEmpty() ? null : InetAddress.getByName(hostIp);
      InetSocketAddress at = addr == null ? new InetSocketAddress(port) : new InetSocketAddress(addr, port);
      if ("udp".equals(protocol)) {
        try (DatagramSocket d = new DatagramSocket(null)) {
          d.bind(at);
        }
      } else {
        try (ServerSocket s = new ServerSocket()) {
          s.setReuseAddress(false);
          s.bind(at);
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static String caddyConfig(String adminAddress) throws IOException, InterruptedException {
    return new CaddyAdmin(URI.create("http://" + adminAddress)).get("/config/");
  }

  static final class SystemdOnHost implements HostProbes.Systemd {
    @Override
    public String pid1() {
      try {
        return Files.readString(Path.of("/proc/1/comm"), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        return "unknown (" + e.getMessage() + ")";
      }
    }

    @Override
    public String isActive(String unit) {
      HostProbes.Result r = new ProcessTools().run(List.of("systemctl", "is-active", unit), Path.of("/"), Map.of());
      return r.output().strip().isEmpty() ? "unknown" : r.output().strip().lines().findFirst().orElse("unknown");
    }
  }

  static final class ProcessTools implements HostProbes.Tools {
    @Override
    public Optional<Path> find(String program) {
      String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
      for (String dir : path.split(File.pathSeparator)) {
        if (dir.isEmpty()) continue;
        Path p = Path.of(dir, program);
        if (Files.isExecutable(p)) return Optional.of(p);
      }
      return Optional.empty();
    }

    @Override
    public HostProbes.Result run(List<String> command, Path dir, Map<String, String> env) {
      List<String> cmd = new ArrayList<>(command);
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
      // Only what the tool needs: a compose file's interpolation must not see the server's secrets.
      pb.environment().clear();
      pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
      pb.environment().putAll(env);
      Path log = null;
      try {
        // A file, not a pipe: a chatty or hung tool can neither block on a full pipe nor outlast the timeout.
        log = Files.createTempFile("hostcheck", ".out");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return new HostProbes.Result(-1, command.get(0) + " did not finish in " + TOOL_TIMEOUT_SECONDS + " s");
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        return new HostProbes.Result(p.exitValue(), text.length() > MAX_OUTPUT_CHARS
            ? text.substring(0, MAX_OUTPUT_CHARS) + "…" : text);
      } catch (IOException e) {
        return new HostProbes.Result(-1, "cannot run " + command.get(0) + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new HostProbes.Result(-1, "interrupted while running " + command.get(0));
      } finally {
        if (log != null) log.toFile().delete();
      }
    }
  }
}
