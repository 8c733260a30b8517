package dev.deploypipeline.testutil;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code deployment-pipeline …} as a real child JVM on the test classpath, for CLI tests that need a separate
 * process (its own environment, exit code and streams). Output goes to files, so a chatty stderr cannot block it.
 */
public final class CliProcess {
  private CliProcess() {}

  public record Run(int exit, String out, String err) {}

  /** Runs {@code args --project dir}; {@code environment} edits the child's environment before it starts. */
  public static Run run(Path dir, Consumer<Map<String, String>> environment, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.deploypipeline.Main"));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--project", dir.toString()));
    Path out = Files.createTempFile("cli-out", ".txt");
    Path err = Files.createTempFile("cli-err", ".txt");
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
      environment.accept(pb.environment());
      Process p = pb.start();
      p.getOutputStream().close();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("deployment-pipeline %s finished in 60 s", args).isTrue();
      return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
