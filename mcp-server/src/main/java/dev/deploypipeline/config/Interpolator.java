package dev.deploypipeline.config;

import dev.deploypipeline.secrets.EnvRefs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in every string of a parsed config tree. It runs after
 * parsing, so a value can never change the file's structure; {@code $$} is a literal dollar. Values that may carry
 * a secret (commands, health and webhook URLs) are expanded once to validate them, but kept raw in the loaded config.
 */
final class Interpolator {
  private final Function<String, String> env;
  private final List<String> problems = new ArrayList<>();
  private final List<String> failedPaths = new ArrayList<>();
  private final Set<String> substitutedPaths = new HashSet<>();

  private final java.util.function.Predicate<String> keepRaw;

  Interpolator(Function<String, String> env) {
    this(env, path -> false);
  }

  /** Leaves the strings at paths {@code keepRaw} accepts as written: they are expanded only where used. */
  Interpolator(Function<String, String> env, java.util.function.Predicate<String> keepRaw) {
    this.env = env;
    this.keepRaw = keepRaw;
  }

  List<String> problems() {
    return problems;
  }

  /** Paths whose value was blanked because a variable was unset; complaints about that blank are follow-ons. */
  List<String> failedPaths() {
    return failedPaths;
  }

  /** Paths whose value came (partly) from the environment; errors must not echo them, they may be secrets. */
  Set<String> substitutedPaths() {
    return substitutedPaths;
  }

  Object apply(Object node, String path) {
    // hosting becomes Compose, Caddy and systemd text: a ${VAR} there is theirs to expand when they run. Expanded
    // here, a secret from this process's environment would be written into a generated file.
    if (path.equals("hosting")) return node;
    if (node instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), apply(v, path.isEmpty() ? String.valueOf(k) : path + "." + k)));
      return out;
    }
    if (node instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < l.size(); i++) out.add(apply(l.get(i), path + "[" + i + "]"));
      return out;
    }
    if (node instanceof String s) return keepRaw.test(path) ? raw(s, path) : substitute(s, path);
    return node;
  }

  /**
   * A command's {@code $$} still means one literal dollar, so that commands written before they were kept raw run
   * as they did; its {@code ${VAR}}s are left to the shell. URLs are expanded, {@code $$} included, where used.
   */
  private static String raw(String s, String path) {
    return path.endsWith(".command") ? s.replace("$$", "$") : s;
  }

  private String substitute(String s, String path) {
    return EnvRefs.expand(s, env, (name, unset) -> {
      substitutedPaths.add(path);
      if (unset) {
        problems.add(path + ": environment variable " + name + " is not set (export " + name
            + "=..., or write ${" + name + ":-default})");
        failedPaths.add(path);
      }
    });
  }
}
