package dev.deploypipeline.compose.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Who listens on a TCP port, from {@code /proc}: the listening sockets in {@code /proc/net/tcp{,6}}, the processes
 * holding them, and whether each runs in one of a set of containers (its cgroup names the container id). With
 * {@code network_mode: host} this is how a deploy tells its own running release (which may keep its port) from a
 * stranger (which would make the new release fail to bind).
 */
final class PortOwners {
  private static final Path PROC = Path.of("/proc");

  /** A process listening on the port; {@code container} is empty when it is none of the given containers. */
  record Holder(long pid, String command, Optional<String> container) {}

  private PortOwners() {}

  /** The processes listening on {@code port}; a socket whose process we cannot see gets pid -1. */
  static List<Holder> holders(int port, Collection<String> containerIds) {
    Set<String> inodes = listening(port);
    if (inodes.isEmpty()) return List.of();
    List<Holder> out = new ArrayList<>();
    Set<String> found = new HashSet<>();
    try (Stream<Path> procs = Files.list(PROC)) {
      for (Path p : procs.filter(x -> x.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
        if (holds(p, inodes, found)) {
          long pid = Long.parseLong(p.getFileName().toString());
          out.add(new Holder(pid, read(p.resolve("comm")).strip(), container(p, containerIds)));
        }
      }
    } catch (IOException e) {
      // /proc unreadable: report the socket without its process
    }
    if (!found.containsAll(inodes)) out.add(new Holder(-1, "", Optional.empty()));
    return out;
  }

  private static boolean holds(Path proc, Set<String> inodes, Set<String> found) {
    try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
      boolean any = false;
      for (Path fd : fds.toList()) {
        String link;
        try {
          link = Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
          continue;
        }
        if (link.startsWith("socket:[")) {
          String inode = link.substring(8, link.length() - 1);
          if (inodes.contains(inode)) {
            found.add(inode);
            any = true;
          }
        }
      }
      return any;
    } catch (IOException | SecurityException e) {
      return false; // gone, or not ours to read
    }
  }

  private static Optional<String> container(Path proc, Collection<String> ids) {
    String cgroup = read(proc.resolve("cgroup"));
    return ids.stream().filter(id -> !id.isEmpty() && cgroup.contains(id)).findFirst();
  }

  /** Inodes of sockets in LISTEN (state 0A) on {@code port}, any address, IPv4 and IPv6. */
  static Set<String> listening(int port) {
    String hexPort = String.format(Locale.ROOT, ":%04X", port);
    Set<String> out = new HashSet<>();
    for (String table : List.of("tcp", "tcp6")) {
      for (String line : read(PROC.resolve("net").resolve(table)).lines().skip(1).toList()) {
        String[] f = line.strip().split("\\s+");
        if (f.length > 9 && f[1].endsWith(hexPort) && "0A".equals(f[3])) out.add(f[9]);
      }
    }
    return out;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "";
    }
  }
}
