package dev.deploypipeline.envfiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which file holds which environment's variables, by Compose's naming: {@code .env} is the {@code default}
 * environment, {@code .env.NAME} is environment NAME. {@code .env.example} documents the keys; recipients files,
 * backups and templates are not environments.
 */
public final class EnvFiles {
  public static final String DEFAULT = "default";
  public static final String EXAMPLE = ".env.example";
  /** Suffixes of files beside the env files that are not environments. */
  static final Set<String> NOT_ENVIRONMENTS =
      Set.of("example", "sample", "template", "dist", "recipients", "age", "key", "bak", "orig", "swp", "tmp");
  /** The pipeline's short environment names and the long ones env files often use. */
  static final Map<String, String> ALIASES =
      Map.of("prod", "production", "production", "prod", "dev", "development", "development", "dev",
          "stage", "staging", "staging", "stage");

  private EnvFiles() {}

  /** The environment a file name stands for, or null when it is not an env file. */
  public static String environmentOf(String fileName) {
    if (fileName.equals(".env")) return DEFAULT;
    if (!fileName.startsWith(".env.") || fileName.endsWith("~")) return null;
    String rest = fileName.substring(5);
    if (rest.isEmpty()) return null;
    for (String part : rest.split("\\.")) if (NOT_ENVIRONMENTS.contains(part)) return null;
    return rest.matches("[A-Za-z0-9_-]+") ? rest : null;
  }

  /** The project's env files, {@code default} first, then by name. */
  public static List<EnvSource> discover(Path projectDir) {
    List<EnvSource> out = new ArrayList<>();
    if (!Files.isDirectory(projectDir)) {
      throw new EnvFileException("project directory " + projectDir + " does not exist",
          "run from the project's directory or pass --project DIR");
    }
    try (Stream<Path> files = Files.list(projectDir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String env = environmentOf(f.getFileName().toString());
        if (env != null) out.add(new EnvSource(env, f.getFileName()));
      }
    } catch (IOException e) {
      throw new EnvFileException("cannot list " + projectDir + ": " + e.getMessage(), "check the directory's permissions");
    }
    out.sort(Comparator.comparing((EnvSource s) -> !s.environment().equals(DEFAULT)).thenComparing(EnvSource::environment));
    return out;
  }

  /**
   * The file of {@code environment}: {@code .env.NAME}, else the file of its alias (prod and production, dev and
   * development, stage and staging) when only that exists; {@code .env.NAME} when neither does.
   */
  public static EnvSource of(Path projectDir, String environment) {
    checkName(environment);
    if (environment.equals(DEFAULT)) return new EnvSource(DEFAULT, Path.of(".env"));
    Path exact = Path.of(".env." + environment);
    String alias = ALIASES.get(environment);
    if (!Files.exists(projectDir.resolve(exact)) && alias != null && Files.exists(projectDir.resolve(".env." + alias))) {
      return new EnvSource(alias, Path.of(".env." + alias));
    }
    return new EnvSource(environment, exact);
  }

  /**
   * The file of {@code environment}: the one the config names for it ({@code environments.X.envFile}, relative to
   * the project) when there is one, else as {@link #of(Path, String)} finds it.
   */
  public static EnvSource of(Path projectDir, String environment, Map<String, Path> configured) {
    checkName(environment);
    Path named = configured.get(environment);
    return named != null ? new EnvSource(environment, named) : of(projectDir, environment);
  }

  /** The age recipients file of an environment, beside its env file: {@code .env.production.recipients}. */
  public static Path recipientsFile(EnvSource source) {
    return Path.of(source.file() + ".recipients");
  }

  static void checkName(String environment) {
    if (environment == null || !environment.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new EnvFileException("environment '" + environment + "' is not a name (letters, digits, _ and -)",
          "pass an environment such as staging or production; `env list` shows the project's");
    }
  }
}
