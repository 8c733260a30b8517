package dev.deploypipeline.compose.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.deploypipeline.proc.ToolProcess;

/**
 * Runs Compose ({@code docker compose}, v2, where the docker client has it; else {@code docker-compose}, v1, which
 * is what Debian ships) and the docker client, with an explicit argument list (never a shell, so a tag or a
 * service name cannot inject anything) and an explicit environment (see {@link ToolProcess}).
 */
public final class ComposeCli {
  /** How a run ended; {@code exitCode} is null when it timed out (the process was killed). */
  public record Result(Integer exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode != null && exitCode == 0;
    }

    /** stderr then stdout: Compose reports progress and errors on stderr. */
    public String output() {
      return stderr.isEmpty() ? stdout : stdout.isEmpty() ? stderr : stderr + (stderr.endsWith("\n") ? "" : "\n")
          + stdout;
    }

    /** The last non-blank line of the output: what a one-line message quotes. */
    public String lastLine() {
      String[] lines = output().strip().split("\n");
      return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }
  }

  /** Neither Compose nor docker could be started. */
  public static final class NotRunnable extends RuntimeException {
    NotRunnable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final Duration PROBE = Duration.ofSeconds(30);
  private final List<String> compose;
  private final String docker;
  private final Map<String, String> environment;
  private final Path dir;

  ComposeCli(List<String> compose, String docker, Map<String, String> environment, Path dir) {
    this.compose = List.copyOf(compose);
    this.docker = docker;
    this.environment = Map.copyOf(environment);
    this.dir = dir;
  }

  /**
   * Finds Compose on the PATH of {@code environment} (the whole environment the tools see: PATH, HOME, DOCKER_HOST,
   * the variables the Compose file interpolates): v2 if {@code docker compose version} answers, else v1.
   */
  public static ComposeCli detect(Map<String, String> environment, Path dir) throws InterruptedException {
    String docker = ToolProcess.resolve("docker", environment);
    ComposeCli v2 = new ComposeCli(List.of(docker, "compose"), docker, environment, dir);
    if (v2.probe(List.of(docker, "compose", "version"))) return v2;
    String v1 = ToolProcess.resolve("docker-compose", environment);
    // Not probed: v1 is Python and takes seconds to start on a busy host; a broken install fails its first call.
    if (v1.contains("/")) return new ComposeCli(List.of(v1), docker, environment, dir);
    throw new NotRunnable("neither `docker compose` (v2) nor `docker-compose` (v1) runs on this PATH: install one "
        + "(Debian: apt-get install docker.io docker-compose)", null);
  }

  /** {@code docker compose} or {@code docker-compose}, as a user would type it. */
  public String name() {
    return compose.size() == 2 ? "docker compose" : "docker-compose";
  }

  public Result compose(List<String> args, Map<String, String> extraEnv, Duration timeout)
      throws InterruptedException {
    List<String> cmd = new ArrayList<>(compose);
    cmd.addAll(args);
    return run(cmd, extraEnv, timeout);
  }

  public Result docker(List<String> args, Duration timeout) throws InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(docker);
    cmd.addAll(args);
    return run(cmd, Map.of(), timeout);
  }

  private boolean probe(List<String> cmd) throws InterruptedException {
    try {
      return run(cmd, Map.of(), PROBE).ok();
    } catch (NotRunnable e) {
      return false;
    }
  }

  private Result run(List<String> command, Map<String, String> extraEnv, Duration timeout)
      throws InterruptedException {
    Map<String, String> env = new java.util.LinkedHashMap<>(environment);
    env.putAll(extraEnv);
    try {
      ToolProcess.Result r = ToolProcess.run(command, env, dir, timeout);
      return new Result(r.exitCode(), r.stdout(), r.stderr());
    } catch (IOException e) {
      throw new NotRunnable("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    }
  }
}
