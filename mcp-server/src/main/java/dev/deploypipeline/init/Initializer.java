package dev.deploypipeline.init;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.deploypipeline.config.ConfigException;
import dev.deploypipeline.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code init}: writes a starter {@code .claude/deployment-config.json} for a project. The text is checked by the
 * same loader every command uses before it is written, so it validates at once. An existing file is never
 * replaced without {@code force}; when it would change, the result carries the unified diff.
 */
public final class Initializer {
  public static final String FILE = ".claude/deployment-config.json";

  public enum Outcome { WRITTEN, UNCHANGED, WOULD_REPLACE, REPLACED }

  /** What happened; {@code diff} is empty unless an existing file differs. */
  public record Result(Outcome outcome, Path file, String service, ProjectScan scan, Map<String, Object> config,
      List<String> diff) {}

  private final Function<String, String> env;

  public Initializer(Function<String, String> env) {
    this.env = env;
  }

  /** @param service the service name, or null for one derived from the directory name */
  public Result run(Path projectDir, String service, boolean force) {
    Path dir = projectDir.toAbsolutePath().normalize();
    Path file = dir.resolve(FILE);
    ConfigLoader.locate(dir).filter(p -> !p.equals(file)).ifPresent(other -> {
      throw new IllegalArgumentException(other + " already configures this project and init writes JSON only; "
          + "edit that file, or move it away and run init again");
    });
    String name = service != null ? service : serviceName(dir);
    ProjectScan scan = ProjectScan.of(dir);
    Map<String, Object> tree = StarterConfig.tree(name, scan);
    String text = StarterConfig.text(tree);
    try {
      new ConfigLoader(env).parse(text, FILE);
    } catch (ConfigException e) {
      if (service != null) throw new IllegalArgumentException("--service " + service + ": " + e.problems().get(0));
      throw new IllegalStateException("the starter config does not validate: " + e.getMessage(), e);
    }
    try {
      if (!Files.exists(file)) {
        write(file, text);
        return new Result(Outcome.WRITTEN, file, name, scan, tree, List.of());
      }
      String old = Files.readString(file);
      if (old.equals(text)) return new Result(Outcome.UNCHANGED, file, name, scan, tree, List.of());
      List<String> diff = diff(FILE, "init", old, text);
      if (!force) return new Result(Outcome.WOULD_REPLACE, file, name, scan, tree, diff);
      write(file, text);
      return new Result(Outcome.REPLACED, file, name, scan, tree, diff);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The directory's name made into a valid service name (lowercase letters, digits, '.', '_', '-'). */
  static String serviceName(Path dir) {
    Path name = dir.getFileName();
    String s = (name == null ? "" : name.toString()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-")
        .replaceAll("^[^a-z0-9]+", "");
    if (s.length() > 63) s = s.substring(0, 63);
    return s.isEmpty() ? "service" : s;
  }

  /** The unified diff from {@code old} to {@code now} of the file {@code name}, the new side labelled by {@code by}. */
  static List<String> diff(String name, String by, String old, String now) {
    List<String> a = old.lines().toList(), b = now.lines().toList();
    return UnifiedDiffUtils.generateUnifiedDiff(name, name + " (" + by + ")", a, DiffUtils.diff(a, b), 3);
  }

  static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), ".deployment-config", ".tmp");
    try {
      Files.writeString(tmp, text);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
