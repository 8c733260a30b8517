package dev.deploypipeline.envfiles;

import dev.deploypipeline.compose.ComposeVariables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per environment: keys {@code .env.example} documents that its file lacks ({@code missing}) or has without
 * documentation ({@code undocumented}); variables the Compose files reference without a default that its file does
 * not set ({@code undeclared}); and keys no Compose file references ({@code unused}; none when a service loads the
 * file whole with {@code env_file}).
 */
public record EnvMissing(Path example, List<Path> composeFiles, List<Row> environments) implements EnvReport {
  /** Compose files looked for when none are named, in the order Compose itself prefers them. */
  public static final List<String> COMPOSE_FILES =
      List.of("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml");

  public record Row(String environment, Path file, List<String> missing, List<String> undocumented,
      List<String> undeclared, List<String> unused) {
    public boolean clean() {
      return missing.isEmpty() && undeclared.isEmpty();
    }

    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("environment", environment);
      m.put("file", file.toString());
      m.put("missing", missing);
      m.put("undocumented", undocumented);
      m.put("undeclared", undeclared);
      m.put("unused", unused);
      return m;
    }
  }

  /** {@code composeFiles} relative to the project; empty means the project's default compose file, if any. */
  public static EnvMissing of(Path projectDir, List<String> only, List<Path> composeFiles) {
    List<EnvSource> sources = EnvSelection.sources(projectDir, only);
    Path examplePath = projectDir.resolve(EnvFiles.EXAMPLE);
    EnvDoc example = Files.isRegularFile(examplePath)
        ? EnvDoc.read(projectDir, new EnvSource("example", Path.of(EnvFiles.EXAMPLE))) : null;
    List<Path> compose = composeFiles.isEmpty() ? COMPOSE_FILES.stream().map(Path::of)
        .filter(p -> Files.isRegularFile(projectDir.resolve(p))).limit(1).toList() : composeFiles;
    ComposeVariables.Usage usage = compose.isEmpty() ? null
        : ComposeVariables.of(compose.stream().map(projectDir::resolve).toList());
    List<Row> rows = new ArrayList<>();
    for (EnvSource s : sources) {
      EnvDoc doc = EnvDoc.read(projectDir, s);
      List<String> missing = example == null ? List.of()
          : example.keys().stream().filter(k -> !doc.entries().containsKey(k)).toList();
      List<String> undocumented = example == null ? List.of()
          : doc.keys().stream().filter(k -> !example.entries().containsKey(k)).toList();
      List<String> undeclared = usage == null ? List.of() : usage.references().values().stream()
          .filter(r -> !r.withDefault() && !doc.entries().containsKey(r.name())).map(ComposeVariables.Reference::name)
          .toList();
      boolean loadedWhole = usage != null && loadedWhole(projectDir, compose, usage.envFiles(), s.file());
      List<String> unused = usage == null || loadedWhole ? List.of()
          : doc.keys().stream().filter(k -> !usage.references(k)).toList();
      rows.add(new Row(s.environment(), s.file(), missing, undocumented, undeclared, unused));
    }
    return new EnvMissing(example == null ? null : Path.of(EnvFiles.EXAMPLE), compose, rows);
  }

  private static boolean loadedWhole(Path projectDir, List<Path> compose, Set<String> envFiles, Path file) {
    Path target = projectDir.resolve(file).normalize();
    for (Path c : compose) {
      Path dir = projectDir.resolve(c).normalize().getParent();
      for (String e : envFiles) if (dir.resolve(e).normalize().equals(target)) return true;
    }
    return false;
  }

  public boolean clean() {
    return environments.stream().allMatch(Row::clean);
  }

  @Override
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("example", example == null ? null : example.toString());
    m.put("composeFiles", composeFiles.stream().map(Path::toString).toList());
    m.put("environments", environments.stream().map(Row::toMap).toList());
    m.put("clean", clean());
    return m;
  }

  @Override
  public boolean found() {
    return !clean();
  }

  @Override
  public String text() {
    StringBuilder sb = new StringBuilder();
    if (example == null) sb.append("no .env.example: missing keys are not checked\n");
    if (composeFiles.isEmpty()) sb.append("no compose file: undeclared and unused keys are not checked\n");
    for (Row r : environments) {
      sb.append(r.environment()).append(" (").append(r.file()).append(")");
      if (r.missing().isEmpty() && r.undocumented().isEmpty() && r.undeclared().isEmpty() && r.unused().isEmpty()) {
        sb.append(": ok\n");
        continue;
      }
      sb.append('\n');
      line(sb, "missing (in .env.example)", r.missing());
      line(sb, "undeclared (compose needs it)", r.undeclared());
      line(sb, "undocumented (not in .env.example)", r.undocumented());
      line(sb, "unused (no compose reference)", r.unused());
    }
    sb.append(clean() ? "no missing or undeclared keys" : "some environments lack keys: add them to their files "
        + "(a secret with `env encrypt ENV KEY`)");
    return sb.toString();
  }

  private static void line(StringBuilder sb, String what, List<String> keys) {
    if (!keys.isEmpty()) sb.append("  ").append(what).append(": ").append(String.join(", ", keys)).append('\n');
  }
}
