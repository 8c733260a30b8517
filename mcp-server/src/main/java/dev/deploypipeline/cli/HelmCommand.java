package dev.deploypipeline.cli;

import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.deploy.HelmChecks;
import dev.deploypipeline.helm.HelmChecker;
import dev.deploypipeline.helm.HelmCli;
import dev.deploypipeline.helm.HelmFinding;
import dev.deploypipeline.helm.HelmReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code helm check}: the Helm pre-deploy checks; exit 0 clean, 1 errors found, 2 could not run. */
@Command(name = "helm", description = "Helm tools.", mixinStandardHelpOptions = true,
    subcommands = {HelmCommand.Check.class})
public final class HelmCommand {
  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Lint the chart with each environment's values (values.schema.json included), render it and "
          + "check the manifests and required Secrets; without --chart, the helm section of the project's "
          + "config (.claude/deployment-config.json).",
      exitCodeListHeading = "Exit codes:%n",
      exitCodeList = {"0:no errors (warnings allowed)", "1:errors found", "2:could not run (bad arguments, missing "
          + "chart or values file, no helm)"})
  public static final class Check implements Callable<Integer> {
    @Option(names = "--chart", paramLabel = "DIR", description = "Chart directory, relative to the project.")
    String chart;

    @Option(names = "--values", paramLabel = "ENV=FILE", description = "With --chart: a values file of an "
        + "environment (repeatable; files of one environment apply in order).")
    List<String> values = new ArrayList<>();

    @Option(names = {"--env", "-e"}, paramLabel = "ENV", description = "Check only this environment (repeatable).")
    List<String> environments = new ArrayList<>();

    @Option(names = "--required-secret", paramLabel = "NAME", description = "With --chart: a Secret the release needs.")
    List<String> requiredSecrets = new ArrayList<>();

    @Option(names = "--existing-secret", paramLabel = "NAME", description = "With --chart: a Secret that exists "
        + "outside the chart.")
    List<String> existingSecrets = new ArrayList<>();

    @Option(names = "--release", paramLabel = "NAME", description = "Release name to render with.")
    String release;

    @Mixin ProjectOptions o;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      Path project = o.projectDir();
      Map<String, String> env = System.getenv();
      HelmReport report;
      try {
        report = new HelmChecks(project, () -> new ConfigLoader(env).withoutChannelChecks().load(project), env)
            .check(new HelmChecks.Request(chart, values(), environments, requiredSecrets, existingSecrets, release));
      } catch (IllegalArgumentException | HelmChecker.InputException | HelmCli.NotRunnable e) {
        return cannotRun(e.getMessage(), "check the chart, values files and environments (helm check --help)");
      } catch (RuntimeException e) {
        return cannotRun(e.getMessage(), "fix .claude/deployment-config.json, or pass --chart and --values");
      }
      if (o.json) {
        out.println(Render.jsonText(report.toMap()));
      } else {
        report.findings().stream().map(HelmFinding::render).forEach(out::println);
        out.println(report.summary());
      }
      out.flush();
      return report.valid() ? ComposeCommand.EXIT_CLEAN : ComposeCommand.EXIT_ERRORS;
    }

    private Map<String, List<String>> values() {
      Map<String, List<String>> out = new LinkedHashMap<>();
      for (String v : values) {
        int eq = v.indexOf('=');
        if (eq <= 0 || eq == v.length() - 1) {
          throw new CommandLine.ParameterException(spec.commandLine(), "--values: '" + v + "' must be ENV=FILE, "
              + "e.g. --values prod=values-prod.yaml");
        }
        out.computeIfAbsent(v.substring(0, eq), k -> new ArrayList<>()).add(v.substring(eq + 1));
      }
      return out;
    }

    private int cannotRun(String message, String nextStep) {
      if (o.json) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("nextStep", nextStep);
        spec.commandLine().getOut().println(Render.jsonText(body));
        spec.commandLine().getOut().flush();
      } else {
        spec.commandLine().getErr().println("error: " + message);
      }
      return ComposeCommand.EXIT_CANNOT_RUN;
    }
  }
}
