package dev.deploypipeline.compose;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to validate: either files (merged in order, like {@code docker compose -f a -f b}) or inline
 * {@code content} shown under {@code contentName}. Relative files and {@code envFile} resolve against {@code baseDir}
 * when it is set (findings still show them as given). {@code envFile} replaces the default {@code .env} next to
 * the first file (or in {@code baseDir} for content). {@code environment} is the process environment to interpolate
 * with; callers inject it so rules never read {@code System.getenv()}.
 */
public record ComposeRequest(
    List<Path> files,
    String content,
    String contentName,
    Path baseDir,
    Path envFile,
    List<String> profiles,
    Map<String, String> environment) {

  public ComposeRequest {
    files = files == null ? List.of() : List.copyOf(files);
    profiles = profiles == null ? List.of() : List.copyOf(profiles);
    environment = environment == null ? Map.of() : Map.copyOf(environment);
    if (files.isEmpty() == (content == null)) {
      throw new IllegalArgumentException("give either compose files or inline content, not both and not neither");
    }
    if (content != null && (contentName == null || contentName.isBlank())) contentName = "compose.yaml";
  }

  public static ComposeRequest ofFiles(List<Path> files) {
    return new ComposeRequest(files, null, null, null, null, List.of(), Map.of());
  }

  public static ComposeRequest ofContent(String contentName, String content) {
    return new ComposeRequest(List.of(), content, contentName, null, null, List.of(), Map.of());
  }

  public ComposeRequest withEnvFile(Path file) {
    return new ComposeRequest(files, content, contentName, baseDir, file, profiles, environment);
  }

  public ComposeRequest withProfiles(List<String> selected) {
    return new ComposeRequest(files, content, contentName, baseDir, envFile, selected, environment);
  }

  public ComposeRequest withEnvironment(Map<String, String> env) {
    return new ComposeRequest(files, content, contentName, baseDir, envFile, profiles, env);
  }

  public ComposeRequest withBaseDir(Path dir) {
    return new ComposeRequest(files, content, contentName, dir, envFile, profiles, environment);
  }
}
