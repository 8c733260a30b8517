package dev.deploypipeline.envfiles;

import java.nio.file.Path;
import java.util.List;

/** The environments an operation covers: the named ones, or every env file of the project. */
final class EnvSelection {
  private EnvSelection() {}

  static List<EnvSource> sources(Path projectDir, List<String> only) {
    // Discovery also checks the directory, so a named environment in a missing project fails the same way.
    List<EnvSource> all = EnvFiles.discover(projectDir);
    if (only == null || only.isEmpty()) return all;
    return only.stream().map(e -> EnvFiles.of(projectDir, e)).distinct().toList();
  }
}
