package dev.deploypipeline.generate;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a validator (docker-compose, caddy, systemd-analyze) by argument list, never through a shell, with output
 * in files (a long report cannot fill a pipe and stall the tool) and a time limit. Programs are found on the PATH
 * of the environment given, so a test can hide one.
 */
final class ToolRunner {
  record Run(int exit, String stdout, String stderr) {}

  static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final List<String> PASSED = List.of("PATH", "HOME", "LANG", "TMPDIR", "USER", "XDG_DATA_HOME",
      "XDG_CONFIG_HOME", "DOCKER_HOST");

  private final Map<String, String> env;

  ToolRunner(Map<String, String> env) {
    this.env = env;
  }

  /** The program's absolute path on PATH, if any. */
  Optional<String> find(String program) {
    for (String d : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(d.isEmpty() ? "." : d, program);
      if (!d.isEmpty() && Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p.toString());
    }
    return Optional.empty();
  }

  Run run(List<String> command, Path dir, Map<String, String> extraEnv) throws IOException, InterruptedException {
    Path out = Files.createTempFile("dp-generate-out", ".txt");
    Path err = Files.createTempFile("dp-generate-err", ".txt");
    try {
      ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.environment().clear();
      PASSED.forEach(k -> {
        if (env.get(k) != null) pb.environment().put(k, env.get(k));
      });
      pb.environment().putAll(extraEnv);
      Process p = pb.start();
      if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor();
        return new Run(-1, Files.readString(out), "timed out after " + TIMEOUT.toSeconds() + " s");
      }
      return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
