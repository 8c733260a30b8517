package dev.deploypipeline.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * One in-process run of the real command tree, as {@code Main} runs it (less the exit), with stdout and stderr
 * captured: commands print to {@code System.out}/{@code System.err} as well as picocli's writers.
 */
public record CliRun(int exit, String out, String err) {
  static CliRun of(String... args) {
    return of(RootCommand::commandLine, args);
  }

  /** {@code args} with {@code --project dir} appended. */
  static CliRun in(java.nio.file.Path dir, String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--project";
    all[args.length + 1] = dir.toString();
    return of(all);
  }

  /**
   * A run of the command {@code tree} builds, for one outside the CLI's tree (e.g. the web host's {@code token}).
   * Built once the streams are captured: the tree's handlers keep the streams they saw when built.
   */
  public static synchronized CliRun of(java.util.function.Supplier<picocli.CommandLine> tree, String... args) {
    PrintStream realOut = System.out;
    PrintStream realErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setOut(o);
      System.setErr(e);
      picocli.CommandLine cl = tree.get();
      cl.setOut(new PrintWriter(o, true));
      cl.setErr(new PrintWriter(e, true));
      int code = cl.execute(args);
      return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(realOut);
      System.setErr(realErr);
    }
  }
}
