package dev.deploypipeline.targets;

import dev.deploypipeline.secrets.Redaction;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An instance's log, with the secrets of its environment masked as the stage logs mask them. An instance outlives
 * our server, so no thread of ours can stand between it and its log: its output goes through an {@code awk}
 * filter started with it, in its process group, which replaces each secret value (and its JSON-escaped and
 * URL-encoded forms) by the same {@code [redacted:NAME]} the redactor writes. The values reach awk in its own
 * environment only; the instance's command runs in a subshell that drops them first.
 */
final class MaskedLog {
  static final String PREFIX = "DP_MASK_";

  /** Longest first; literal matches (index/substr, never a regular expression); one line at a time, flushed. */
  private static final String AWK = """
      BEGIN { n = 0
        for (k in ENVIRON) if (k ~ /^DP_MASK_F_/) { i = substr(k, 11); f[n] = ENVIRON[k]; t[n] = ENVIRON["DP_MASK_T_" i]; n++ }
        for (a = 0; a < n; a++) for (b = a + 1; b < n; b++) if (length(f[b]) > length(f[a])) {
          x = f[a]; f[a] = f[b]; f[b] = x; x = t[a]; t[a] = t[b]; t[b] = x } }
      { line = $0
        for (a = 0; a < n; a++) { out = ""
          while ((p = index(line, f[a])) > 0) { out = out substr(line, 1, p - 1) t[a]; line = substr(line, p + length(f[a])) }
          line = out line }
        print line; fflush() }
      """;

  /** Drops the masks from the instance's own environment, then filters its output into the log. */
  // mawk reads a pipe in blocks unless told it is interactive; an instance's first lines would wait for more.
  private static final String WRAPPER = "a=(); awk -W version 2>&1 | head -n 1 | grep -q mawk && a=(-W interactive); "
      + "( for v in \"${!" + PREFIX + "@}\"; do unset \"$v\"; done; exec bash -c \"$1\" )"
      + " 2>&1 | awk \"${a[@]}\" \"$" + PREFIX + "PROGRAM\" >> \"$2\"";

  private MaskedLog() {}

  /** Every form of every secret value in {@code env} → its mask; empty when the instance holds no secret. */
  static Map<String, String> masks(Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>();
    env.values().forEach(v -> out.putAll(Redaction.current().maskedForms(v)));
    return out;
  }

  /** The command line that runs {@code command} with its output masked into {@code log}. */
  static List<String> command(String command, Path log) {
    return List.of("setsid", "bash", "-c", WRAPPER, "dp-instance", command, log.toString());
  }

  /** The variables the filter reads (the instance's subshell unsets them). */
  static Map<String, String> filterEnv(Map<String, String> masks) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(PREFIX + "PROGRAM", AWK);
    int i = 0;
    for (Map.Entry<String, String> m : masks.entrySet()) {
      env.put(PREFIX + "F_" + i, m.getKey());
      env.put(PREFIX + "T_" + i, m.getValue());
      i++;
    }
    return env;
  }
}
