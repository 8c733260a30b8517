package dev.deploypipeline.deploy;

import dev.deploypipeline.deploy.Preflight.Check;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a stage command needs to start: the program its first word names (a bash builtin, a program on PATH, or a
 * project script that exists and is executable). Read the way {@code bash -c} would, without running anything.
 */
final class StageCommands {
  private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=\\S*");
  private static final Set<String> BUILTINS = Set.of(":", ".", "[", "[[", "!", "{", "(", "alias", "break", "builtin",
      "cd", "command", "continue", "declare", "echo", "eval", "exec", "exit", "export", "false", "for", "function",
      "if", "let", "local", "printf", "pwd", "read", "readonly", "return", "set", "shift", "source", "test", "time",
      "trap", "true", "type", "ulimit", "umask", "unset", "until", "wait", "while", "case");

  private StageCommands() {}

  static Check check(String where, String command, Path projectDir, List<String> path) {
    String first = firstWord(command);
    if (first == null) return new Check("command", true, where + ": nothing to run", true);
    if (first.contains("$") || first.contains("`")) {
      return new Check("command", true, where + ": starts with " + first + ", known only when it runs", false);
    }
    if (BUILTINS.contains(first)) return new Check("command", true, where + ": " + first + " (bash builtin)", true);
    if (first.contains("/")) {
      Path script = projectDir.resolve(first).normalize();
      if (!Files.exists(script)) {
        return new Check("command", false, where + ": " + first + " does not exist in " + projectDir, true);
      }
      boolean exec = Files.isRegularFile(script) && Files.isExecutable(script);
      return new Check("command", exec, where + ": " + first + (exec ? " (executable)"
          : " is not an executable file; chmod +x " + first), true);
    }
    Optional<Path> found = onPath(first, path);
    return new Check("command", found.isPresent(), where + ": " + first + found.map(p -> " (" + p + ")")
        .orElse(" is not on PATH; install it or fix the command"), true);
  }

  /** The program {@code bash -c command} starts with: leading variable assignments skipped, quotes removed. */
  static String firstWord(String command) {
    if (command == null) return null;
    for (String w : command.strip().split("\\s+")) {
      if (w.isEmpty() || ASSIGNMENT.matcher(w).matches()) continue;
      String t = w.replaceAll("[;&|]+$", "");
      if (t.length() >= 2 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("'") && t.endsWith("'"))) {
        t = t.substring(1, t.length() - 1);
      }
      return t.isEmpty() ? w : t;
    }
    return null;
  }

  static Optional<Path> onPath(String program, List<String> path) {
    for (String dir : path) {
      if (dir.isEmpty()) continue;
      Path p = Path.of(dir, program);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
    }
    return Optional.empty();
  }
}
