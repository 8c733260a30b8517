package dev.deploypipeline.testutil;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The private Docker daemon {@code scripts/dockerd.sh start} runs: its {@code DOCKER_HOST} and test image, from the
 * environment or from {@code .cache/dockerd-run/dockerd.env} at the repository root. Under {@code CI=true} a missing
 * daemon fails the test (CI starts it); elsewhere the test is skipped and says how to start one.
 */
public final class Dockerd {
  private Dockerd() {}

  /** {@code DOCKER_HOST} and {@code DP_TEST_IMAGE}. */
  public static Map<String, String> require() {
    Map<String, String> found = new LinkedHashMap<>();
    String host = System.getenv("DOCKER_HOST");
    String image = System.getenv("DP_TEST_IMAGE");
    for (Path root = Path.of("").toAbsolutePath(); root != null && host == null; root = root.getParent()) {
      Path env = root.resolve(".cache/dockerd-run/dockerd.env");
      if (!Files.isRegularFile(env)) continue;
      try {
        for (String line : Files.readAllLines(env)) {
          if (line.startsWith("DOCKER_HOST=")) host = line.substring("DOCKER_HOST=".length());
          if (line.startsWith("DP_TEST_IMAGE=")) image = line.substring("DP_TEST_IMAGE=".length());
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    boolean socket = host != null && (!host.startsWith("unix://")
        || Files.exists(Path.of(host.substring("unix://".length()))));
    if (!socket) {
      String msg = "no private dockerd: run `bash scripts/dockerd.sh start` (as root; apt-get install docker.io "
          + "docker-compose busybox-static) to run this test";
      if ("true".equals(System.getenv("CI"))) fail(msg + " (CI=true: scripts/test.sh must start it)");
      assumeTrue(false, "skipped: " + msg);
    }
    found.put("DOCKER_HOST", host);
    found.put("DP_TEST_IMAGE", image == null ? "dp-busybox:1" : image);
    return found;
  }

  /** Runs {@code /usr/bin/docker} (the client that matches the daemon) against it; fails the test on an error. */
  public static String docker(Map<String, String> env, String... args) {
    java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(docker()));
    cmd.addAll(java.util.List.of(args));
    return run(env, cmd);
  }

  public static String run(Map<String, String> env, java.util.List<String> cmd) {
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().putAll(env);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (p.waitFor() != 0) fail(String.join(" ", cmd) + " failed: " + out);
      return out;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String docker() {
    return Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker";
  }
}
