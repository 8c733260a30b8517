package dev.deploypipeline.mcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Paths a tool was given, kept inside the project directory: not by {@code ..}, an absolute path or a symlink.
 * Returned relative to the project directory.
 */
final class ProjectPaths {
  private ProjectPaths() {}

  static List<Path> inside(Path projectDir, List<String> given) {
    List<Path> out = new ArrayList<>();
    Path realRoot = realPath(projectDir);
    for (String s : given) {
      Path p = projectDir.resolve(s).normalize();
      if (!p.startsWith(projectDir)) {
        throw new IllegalArgumentException("path '" + s + "' is outside the project directory");
      }
      if (Files.exists(p) && !realPath(p).startsWith(realRoot)) {
        throw new IllegalArgumentException("path '" + s + "' is a symlink that leads outside the project directory");
      }
      out.add(projectDir.relativize(p));
    }
    return out;
  }

  static List<String> stringList(Object value, String field) {
    if (value == null) return List.of();
    if (!(value instanceof List<?> list) || list.stream().anyMatch(x -> !(x instanceof String))) {
      throw new IllegalArgumentException("'" + field + "' must be an array of strings");
    }
    return list.stream().map(String.class::cast).toList();
  }

  private static Path realPath(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p;
    }
  }
}
