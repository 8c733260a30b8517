package dev.deploypipeline.envfiles;

import java.nio.file.Path;
import java.util.List;

/** The environments an operation covers: the named ones, or every env file of the project. */
final class EnvSelection {
  private EnvSelection() {}

  static List<EnvSource> sources(Path projectDir, List<String> only) {
    if (only == null || only.isEmpty()) return EnvFiles.discover(projectDir);
    if (!java.nio.file.Files.isDirectory(projectDir)) EnvFiles.discover(projectDir);
    return only.stream().distinct().map(e -> EnvFiles.of(projectDir, e)).toList();
  }
}
