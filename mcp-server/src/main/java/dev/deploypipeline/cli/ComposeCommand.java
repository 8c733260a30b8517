package dev.deploypipeline.cli;

import dev.deploypipeline.compose.ComposeInputException;
import dev.deploypipeline.compose.ComposeReport;
import dev.deploypipeline.compose.ComposeRequest;
import dev.deploypipeline.compose.ComposeValidator;
import dev.deploypipeline.compose.Finding;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** {@code compose validate FILE...}: exit 0 clean, 1 errors found, 2 could not run. */
@Command(name = "compose", description = "Docker Compose tools.", mixinStandardHelpOptions = true,
    subcommands = {ComposeCommand.Validate.class})
public final class ComposeCommand {
  public static final int EXIT_CLEAN = 0;
  public static final int EXIT_ERRORS = 1;
  public static final int EXIT_CANNOT_RUN = 2;

  /** Standalone entry (used by bench/compose-corpus.sh until Main routes {@code compose}). */
  public static void main(String[] args) {
    System.exit(new CommandLine(new ComposeCommand()).execute(args));
  }

  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = "Validate Compose files (merged in order, like docker compose -f a -f b).",
      exitCodeListHeading = "Exit codes:%n",
      exitCodeList = {"0:no errors (warnings allowed)", "1:errors found", "2:could not run (missing or unreadable file)"})
  public static final class Validate implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Compose files; with --each, validated one by one.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "FILE", description = "Env file for interpolation (default: .env next to the first file); the shell's "
        + "environment is never read, so a compose file cannot echo its secrets.")
    Path envFile;

    @Option(names = "--profile", paramLabel = "PROFILE", description = "Activate a profile (repeatable; * for all).")
    List<String> profiles = new ArrayList<>();

    @Mixin ProjectOptions o;

    @Option(names = "--each", description = "Validate each file on its own instead of merging them (one report per file).")
    boolean each;

    @Spec CommandLine.Model.CommandSpec spec;

    private final ComposeValidator validator = new ComposeValidator();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      // Relative files are the project's when --project names it, as for every other command.
      List<Path> files = o.project == null ? this.files : this.files.stream().map(o.project::resolve).toList();
      List<List<Path>> runs = each ? files.stream().map(List::of).toList() : List.of(files);
      List<ComposeReport> reports = new ArrayList<>();
      try {
        for (List<Path> run : runs) {
          reports.add(validator.validate(ComposeRequest.ofFiles(run).withEnvFile(envFile).withProfiles(profiles)));
        }
      } catch (ComposeInputException e) {
        if (o.json) {
          Map<String, Object> body = new java.util.LinkedHashMap<>();
          body.put("error", e.getMessage());
          body.put("nextStep", "check the file names and paths");
          out.println(Render.jsonText(body));
          out.flush();
        } else {
          err.println("error: " + e.getMessage());
        }
        return EXIT_CANNOT_RUN;
      }
      if (o.json) printJson(out, reports);
      else printHuman(out, reports);
      out.flush();
      return reports.stream().allMatch(ComposeReport::valid) ? EXIT_CLEAN : EXIT_ERRORS;
    }

    private void printHuman(PrintWriter out, List<ComposeReport> reports) {
      long errors = 0;
      long warnings = 0;
      for (ComposeReport r : reports) {
        for (Finding f : r.findings()) out.println(f.render());
        errors += r.errorCount();
        warnings += r.warningCount();
      }
      int fileCount = reports.stream().mapToInt(r -> r.files().size()).sum();
      out.println((errors == 0 ? "valid" : "invalid") + ": " + errors + " error(s), " + warnings + " warning(s) in "
          + fileCount + " file(s)");
    }

    private void printJson(PrintWriter out, List<ComposeReport> reports) {
      Object body = reports.size() == 1 ? reports.get(0).toMap()
          : Map.of("reports", reports.stream().map(ComposeReport::toMap).toList());
      out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(body));
    }
  }
}
