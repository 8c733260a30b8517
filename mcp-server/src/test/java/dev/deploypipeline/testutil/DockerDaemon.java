package dev.deploypipeline.testutil;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The private Docker daemon {@code scripts/dockerd.sh start} runs (scripts/test.sh starts it around mvn verify):
 * its {@code DOCKER_HOST} and test image from {@code .cache/dockerd-run/dockerd.env}. Missing, a test fails under
 * {@code CI=true} and is skipped elsewhere, with a message saying how to start it.
 */
public final class DockerDaemon {
  /** Where the daemon listens, and the busybox image it was given. */
  public record Env(String dockerHost, String image, Path docker) {
    /** Runs the docker client against this daemon; throws with its output when it fails. */
    public String docker(Path dir, String... args) throws IOException, InterruptedException {
      List<String> cmd = new ArrayList<>(List.of(docker.toString()));
      cmd.addAll(List.of(args));
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
      pb.environment().put("DOCKER_HOST", dockerHost);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("docker " + String.join(" ", args) + " failed: " + out);
      }
      return out.strip();
    }
  }

  private DockerDaemon() {}

  public static Env require() {
    RequiredTool.require("docker-compose", "docker-compose");
    Path docker = Files.isExecutable(Path.of("/usr/bin/docker")) ? Path.of("/usr/bin/docker")
        : RequiredTool.require("docker", "docker.io");
    Path file = HelmBinary.repoRoot().resolve(".cache/dockerd-run/dockerd.env");
    Map<String, String> env = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        int eq = line.indexOf('=');
        if (eq > 0) env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    } catch (IOException e) {
      String msg = "no private Docker daemon: run `bash scripts/dockerd.sh start` (needs root and the Debian "
          + "packages docker.io docker-compose busybox-static); " + file + " is missing";
      if ("true".equals(System.getenv("CI"))) fail(msg + " (CI=true: scripts/test.sh must start it)");
      assumeTrue(false, "skipped: " + msg);
    }
    return new Env(env.get("DOCKER_HOST"), env.getOrDefault("DP_TEST_IMAGE", "dp-busybox:1"), docker);
  }
}
