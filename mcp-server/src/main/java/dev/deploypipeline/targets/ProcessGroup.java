package dev.deploypipeline.targets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A Linux process group, found and signalled by its id. Members are read from {@code /proc}, so the group is
 * still found after the leader died or our server restarted; zombies are not members (they run nothing).
 */
public final class ProcessGroup {
  private static final Path PROC = Path.of("/proc");
  private final long pgid;

  public ProcessGroup(long pgid) {
    if (pgid <= 1) throw new IllegalArgumentException("not a process group id: " + pgid);
    this.pgid = pgid;
  }

  public long id() {
    return pgid;
  }

  /** The live processes of the group now. */
  public List<ProcessHandle> members() {
    List<ProcessHandle> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(PROC)) {
      dirs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
          .forEach(n -> {
            Stat s = stat(Long.parseLong(n)).orElse(null);
            if (s != null && s.pgrp == pgid && s.state != 'Z' && s.state != 'X') {
              ProcessHandle.of(s.pid).ifPresent(out::add);
            }
          });
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
    }
    return out;
  }

  /** Sends a signal ({@code TERM}, {@code KILL}) to every member, with kill(1) on the negative id. */
  public void signal(String signal) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("kill", "-s", signal, "--", "-" + pgid)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    p.waitFor(); // a non-zero exit only means the group is already gone
  }

  /** The group id of a process, from {@code /proc/<pid>/stat}. */
  public static Optional<Long> of(long pid) {
    return stat(pid).filter(s -> s.state != 'Z').map(s -> s.pgrp);
  }

  private record Stat(long pid, char state, long pgrp) {}

  private static Optional<Stat> stat(long pid) {
    try {
      String s = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
      // comm (field 2) may contain spaces and parentheses: the fields after it start after the last ')'.
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      return Optional.of(new Stat(pid, f[0].charAt(0), Long.parseLong(f[2])));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // the process ended while we looked
    }
  }
}
