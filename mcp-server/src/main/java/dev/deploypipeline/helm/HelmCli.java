package dev.deploypipeline.helm;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.deploypipeline.proc.ToolProcess;

/**
 * Runs the helm binary with an explicit argument list and an explicit environment (see {@link ToolProcess}).
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
    command.add(ToolProcess.resolve(binary, environment));
    command.addAll(args);
    try {
      ToolProcess.Result r = ToolProcess.run(command, environment, dir, timeout);
      return new Result(r.exitCode(), r.stdout(), r.stderr());
    } catch (IOException e) {
      throw new NotRunnable("cannot run " + binary + ": " + e.getMessage() + " (install helm 4, or set helm.binary "
          + "to its path; bash scripts/helm.sh installs the pinned version into .cache/helm/)", e);
    }
  }
}
