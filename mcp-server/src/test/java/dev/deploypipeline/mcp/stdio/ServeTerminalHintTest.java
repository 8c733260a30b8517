package dev.deploypipeline.mcp.stdio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server started by hand at a terminal says what it is on stderr; started by a client (pipes) it says nothing.
 * Real child JVMs; the terminal is a pseudo-terminal from util-linux {@code script}.
 */
class ServeTerminalHintTest {
  @TempDir Path dir;

  private static List<String> java(String... tail) {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new java.util.ArrayList<>(List.of(javaBin, "-cp", System.getProperty("java.class.path"),
        "dev.deploypipeline.Main"));
    cmd.addAll(List.of(tail));
    return cmd;
  }

  @Test
  void atATerminalOneLineOnStderrAndNothingOnStdout() throws Exception {
    boolean haveScript = Files.isExecutable(Path.of("/usr/bin/script"));
    if (!haveScript && "true".equals(System.getenv("CI"))) throw new AssertionError("util-linux script is missing");
    assumeTrue(haveScript, "skipped locally: util-linux `script` (a pseudo-terminal) is not installed");
    Path stdout = dir.resolve("stdout");
    // Inside the terminal only stderr reaches the screen; stdout goes to a file, which must stay empty.
    String inner = String.join(" ", java().stream().map(a -> "'" + a + "'").toList()) + " >" + stdout;
    Process p = new ProcessBuilder("script", "-qec", inner, "/dev/null").directory(dir.toFile())
        .redirectErrorStream(true).start();
    try (BufferedReader screen = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line = screen.readLine();
      assertThat(line).isNotNull();
      assertThat(line.strip()).isEqualTo(ServeCommand.TERMINAL_HINT);
      p.getOutputStream().close();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the server ends at end of input").isTrue();
    } finally {
      p.destroyForcibly();
    }
    assertThat(Files.readString(stdout)).isEmpty();
  }

  @Test
  void underAClientNothingIsSaid() throws Exception {
    Process p = new ProcessBuilder(java()).directory(dir.toFile()).start();
    p.getOutputStream().close();
    try {
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
          .doesNotContain("this is the MCP server");
      assertThat(p.getInputStream().readAllBytes()).isEmpty();
    } finally {
      p.destroyForcibly();
    }
  }
}
