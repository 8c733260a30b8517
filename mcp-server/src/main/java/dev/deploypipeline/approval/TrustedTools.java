package dev.deploypipeline.approval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The programs an approval decision trusts ({@code ssh-keygen}, {@code git}, {@code id}, {@code test}), taken from
 * the system's own directories, never from {@code PATH}: whoever runs the CLI sets its {@code PATH}, and a fake
 * {@code ssh-keygen} first on it would "verify" any signature, a fake {@code git} would show a weaker committed
 * config, a fake {@code id} would name any OS user.
 */
public final class TrustedTools {
  /** System directories first; the last two only matter where the first have no such program (Homebrew). */
  static final List<String> DIRS = List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin",
      "/opt/homebrew/bin");

  private TrustedTools() {}

  /** The absolute path of {@code name} in a system directory, if any. */
  public static Optional<String> find(String name) {
    for (String d : DIRS) {
      Path p = Path.of(d, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p.toString());
    }
    return Optional.empty();
  }

  /** Like {@link #find} but a missing program keeps its bare name, so that running it fails as "not found". */
  public static String path(String name) {
    return find(name).orElse(DIRS.get(0) + "/" + name);
  }

  /**
   * A git process environment without the caller's {@code GIT_*} variables (which can point git at another
   * repository, object store or config) and without replace refs, which would let a commit's content be swapped
   * for another's under the same id.
   */
  public static void forGit(Map<String, String> env) {
    env.keySet().removeIf(k -> k.startsWith("GIT_"));
    env.put("GIT_NO_REPLACE_OBJECTS", "1");
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("PATH", String.join(":", DIRS));
  }
}
