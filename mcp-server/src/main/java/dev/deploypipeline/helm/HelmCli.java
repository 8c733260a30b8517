package dev.deploypipeline.helm;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the helm binary with an explicit argument list (never through a shell, so values and names cannot inject
 * anything) and an explicit environment. Output goes to files rather than pipes, so a large rendered chart cannot
 * fill a pipe and stall helm while we wait for it.
 */
public final class HelmCli {
  /** How a run ended; {@code exitCode} is null when it timed out (the process was killed). */
  public record Result(Integer exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode != null && exitCode == 0;
    }

    /** stdout then stderr, as a terminal would show them. */
    public String output() {
      return stdout.isEmpty() ? stderr : stderr.isEmpty() ? stdout : stdout + (stdout.endsWith("\n") ? "" : "\n") + stderr;
    }
  }

  /** helm could not be started at all (not installed, not executable). */
  public static final class NotRunnable extends RuntimeException {
    NotRunnable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final String binary;
  private final Map<String, String> environment;

  /** {@code environment} is the whole environment helm sees (PATH to find plugins, HOME for its config, ...). */
  public HelmCli(String binary, Map<String, String> environment) {
    this.binary = binary;
    this.environment = Map.copyOf(environment);
  }

  /** With the basics of this process's environment (PATH, HOME, locale, TMPDIR, KUBECONFIG and HELM_*). */
  public static HelmCli withBasicEnvironment(String binary, Map<String, String> env) {
    Map<String, String> basics = new java.util.LinkedHashMap<>();
    env.forEach((k, v) -> {
      if (v != null && (List.of("PATH", "HOME", "LANG", "TMPDIR", "KUBECONFIG", "USER").contains(k)
          || k.startsWith("HELM_") || k.startsWith("LC_"))) {
        basics.put(k, v);
      }
    });
    return new HelmCli(binary, basics);
  }

  public String binary() {
    return binary;
  }

  public Result run(List<String> args, Path dir, Duration timeout) throws InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(resolve());
    command.addAll(args);
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("helm-out", ".txt");
      err = Files.createTempFile("helm-err", ".txt");
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.environment().clear();
      pb.environment().putAll(environment);
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        throw new NotRunnable("cannot run " + binary + ": " + e.getMessage() + " (install helm 4, or set helm.binary "
            + "to its path; bash scripts/helm.sh installs the pinned version into .cache/helm/)", e);
      }
      Integer exit;
      try {
        exit = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? p.exitValue() : null;
      } catch (InterruptedException e) {
        p.destroyForcibly();
        throw e;
      }
      if (exit == null) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor();
      }
      return new Result(exit, Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new NotRunnable("cannot run " + binary + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  /**
   * A bare name is looked up on the PATH of the environment helm gets (not this JVM's), so a project can point
   * PATH at the helm it wants.
   */
  private String resolve() {
    if (binary.contains("/")) return binary;
    for (String d : environment.getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, binary))) return Path.of(d, binary).toString();
    }
    return binary;
  }

  private static void deleteQuietly(Path p) {
    if (p == null) return;
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a temp file; the OS cleans up after us
    }
  }
}
