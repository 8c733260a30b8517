package dev.deploypipeline.testutil;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A test that needs a real tool (caddy, haproxy, setsid) calls {@link #require}: under {@code CI=true} a missing
 * tool fails the test (CI installs it, so its absence is a bug); elsewhere the test is skipped with a message
 * saying what to install.
 */
public final class RequiredTool {
  private RequiredTool() {}

  /** The tool's path on PATH (or the usual sbin directories), or fail/skip as described above. */
  public static Path require(String tool, String debianPackage) {
    Optional<Path> found = find(tool);
    if (found.isPresent()) return found.get();
    String msg = tool + " is not installed: `apt-get install " + debianPackage + "` to run this test";
    if ("true".equals(System.getenv("CI"))) fail(msg + " (CI=true: .ci/run must install it)");
    assumeTrue(false, "skipped: " + msg);
    throw new AssertionError("unreachable");
  }

  public static Optional<Path> find(String tool) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/local/sbin";
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) continue;
      Path p = Path.of(dir, tool);
      if (Files.isExecutable(p)) return Optional.of(p);
    }
    return Optional.empty();
  }
}
