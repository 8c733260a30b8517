package dev.deploypipeline.testutil;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real helm for tests: the pinned one {@code scripts/helm.sh} installs into {@code .cache/helm/<version>/}
 * (scripts/test.sh runs it before mvn verify), else {@code helm} on PATH. Missing, a test fails under
 * {@code CI=true} and is skipped elsewhere, with a message saying how to install it.
 */
public final class HelmBinary {
  private HelmBinary() {}

  public static Path require() {
    Path root = repoRoot();
    try {
      String version = Files.readString(root.resolve("scripts/helm.version")).strip();
      Path pinned = root.resolve(".cache/helm").resolve(version).resolve("helm");
      if (Files.isExecutable(pinned)) return pinned;
    } catch (IOException ignored) {
      // fall through to PATH
    }
    var onPath = RequiredTool.find("helm");
    if (onPath.isPresent()) return onPath.get();
    String msg = "helm is not installed: run `bash scripts/helm.sh` (installs the pinned Helm into .cache/helm/)";
    if ("true".equals(System.getenv("CI"))) fail(msg + " (CI=true: scripts/test.sh must run it first)");
    assumeTrue(false, "skipped: " + msg);
    throw new AssertionError("unreachable");
  }

  /** Copies examples/helm (chart, values files, .claude/deployment-config.json) into {@code to}. */
  public static void copyExample(Path to) throws IOException {
    Path example = repoRoot().resolve("examples/helm");
    try (java.util.stream.Stream<Path> files = Files.walk(example)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        Path target = to.resolve(example.relativize(p).toString());
        Files.createDirectories(target.getParent());
        Files.copy(p, target);
      }
    }
  }

  /** The repository's root: the first directory above the working directory that holds scripts/helm.version. */
  public static Path repoRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isRegularFile(p.resolve("scripts/helm.version"))) p = p.getParent();
    if (p == null) throw new IllegalStateException("scripts/helm.version not found above " + Path.of("").toAbsolutePath());
    return p;
  }
}
