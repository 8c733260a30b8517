package dev.deploypipeline.testutil;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link DockerDaemon} as a map of the variables a child process needs, for tests that pass them on whole.
 */
public final class Dockerd {
  private Dockerd() {}

  /** {@code DOCKER_HOST} and {@code DP_TEST_IMAGE}; fails under CI=true, skips elsewhere, when no daemon runs. */
  public static Map<String, String> require() {
    DockerDaemon.Env env = DockerDaemon.require();
    Map<String, String> found = new LinkedHashMap<>();
    found.put("DOCKER_HOST", env.dockerHost());
    found.put("DP_TEST_IMAGE", env.image());
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
