package dev.deploypipeline.testutil;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real CLI ({@code Main} in a new JVM on this test's class path) inside a pseudo-terminal made by util-linux
 * {@code script}, so that it sees a human's terminal; {@code typed} is sent once the screen shows {@code prompt}.
 */
public record TerminalRun(int exit, String screen) {
  public static TerminalRun of(Map<String, String> env, String prompt, String typed, List<String> args)
      throws Exception {
    Path script = RequiredTool.require("script", "bsdutils");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.deploypipeline.Main"));
    cmd.addAll(args);
    String inner = String.join(" ", cmd.stream().map(a -> "'" + a + "'").toList());
    ProcessBuilder pb = new ProcessBuilder(script.toString(), "-qec", inner, "/dev/null").redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    StringBuilder screen = new StringBuilder();
    try (var in = new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)) {
      char[] buf = new char[4096];
      int n;
      boolean typedIt = false;
      while ((n = in.read(buf)) >= 0) {
        screen.append(buf, 0, n);
        if (!typedIt && screen.toString().contains(prompt)) {
          p.getOutputStream().write((typed + "\n").getBytes(StandardCharsets.UTF_8));
          p.getOutputStream().flush();
          typedIt = true;
        }
      }
    } finally {
      assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
    }
    return new TerminalRun(p.exitValue(), screen.toString());
  }
}
