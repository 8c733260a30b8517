package dev.deploypipeline.cli;

import dev.deploypipeline.deploy.DeployException;
import dev.deploypipeline.store.StoreException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Every command's errors, said once: {@code error: …} and {@code next: …} on stderr, or with {@code --json} one
 * JSON object on stdout ({@code {"error": …, "nextStep": …}}) so that a script reads one stream either way. The exit
 * code is the same in both.
 */
final class CliErrors {
  private CliErrors() {}

  static void install(CommandLine cl) {
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> handle(e, cmd, parsed.originalArgs()));
    CommandLine.IParameterExceptionHandler usage = cl.getParameterExceptionHandler();
    cl.setParameterExceptionHandler((ex, args) -> {
      if (!json(List.of(args))) return usage.handleParseException(ex, args);
      print(ex.getCommandLine(), true, ex.getMessage(), "see `" + ex.getCommandLine().getCommandSpec().qualifiedName()
          + " --help`", Map.of());
      return ExitCodes.USAGE;
    });
  }

  static int handle(Exception e, CommandLine cmd, List<String> args) {
    boolean json = json(args);
    if (e instanceof DeployException de) {
      print(cmd, json, de.getMessage(), de.nextStep(CliVoice.INSTANCE), de.extra());
      return de.kind() == DeployException.Kind.ROLLBACK_FAILED ? ExitCodes.FAILED : ExitCodes.USAGE;
    }
    if (e instanceof StoreException se) {
      print(cmd, json, se.nextStep() != null ? se.problem() : se.getMessage(), se.nextStep() != null ? se.nextStep()
          : "deployment-pipeline doctor (--repair restores records and rebuilds the index)", Map.of());
      return ExitCodes.FAILED;
    }
    if (json) print(cmd, true, "internal error: " + e, null, Map.of());
    else cmd.getErr().println("internal error: " + e);
    return ExitCodes.INTERNAL;
  }

  private static void print(CommandLine cmd, boolean json, String error, String next, Map<String, Object> extra) {
    if (json) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", error);
      if (next != null) body.put("nextStep", next);
      body.putAll(extra);
      PrintWriter out = cmd.getOut();
      out.println(Render.jsonText(body));
      out.flush();
      return;
    }
    PrintWriter err = cmd.getErr();
    err.println("error: " + error);
    if (next != null) err.println("next: " + next);
    err.flush();
  }

  /** {@code --json} among the options (not after {@code --}, where it would be a positional value). */
  static boolean json(List<String> args) {
    for (String a : args) {
      if ("--".equals(a)) return false;
      if ("--json".equals(a)) return true;
    }
    return false;
  }
}
