package dev.deploypipeline.cli;

import dev.deploypipeline.config.ConfigException;
import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.generate.Generator;
import dev.deploypipeline.generate.Generator.Action;
import dev.deploypipeline.generate.Problem;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** {@code generate}: Compose file, Caddyfile and systemd units from the hosting section (see {@link Generator}). */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {"Write docker-compose.yml, the Caddyfile and systemd units from the config's hosting section.",
        "Every file is checked first by docker-compose config, compose_validate, caddy validate and "
        + "systemd-analyze verify; if any check fails nothing is written. A second run with the same config "
        + "changes nothing. A file edited by hand since it was generated, or not written by generate, is kept "
        + "(with the diff) unless --force.",
        "Exit 0 written or up to date (kept files are listed), 1 a check failed (nothing written), 2 bad config "
        + "or arguments."})
final class GenerateCommand implements Callable<Integer> {
  @Mixin ProjectOptions o;
  @Option(names = "--force", description = "Replace files edited by hand or not written by generate")
  boolean force;
  @Option(names = "--dry-run", description = "Check and show the diff; write nothing")
  boolean dryRun;
  @Option(names = "--skip-check", paramLabel = "PROGRAM",
      description = "Do not run this validator (docker-compose, caddy or systemd-analyze), e.g. on a machine "
          + "without it; its files are written unchecked and the output says so")
  List<String> skip = List.of();
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Generator.Result r;
    try {
      PipelineConfig config = new ConfigLoader(System.getenv()).withoutChannelChecks().load(o.projectDir());
      r = new Generator(System.getenv()).run(o.projectDir(), config,
          new Generator.Options(force, dryRun, Set.copyOf(skip)));
    } catch (ConfigException e) {
      err.println("error: " + e.getMessage());
      err.println("next: fix the config, then run generate again (deployment-pipeline setup writes a hosting section)");
      return ExitCodes.USAGE;
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    if (o.json) {
      out.println(JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsString(r.toMap()));
      return r.ok() ? ExitCodes.OK : ExitCodes.FAILED;
    }
    for (Problem p : r.problems()) err.println("error: " + p.render());
    if (!r.ok()) {
      err.println("nothing written: fix the hosting section (or the files it names) and run generate again");
      return ExitCodes.FAILED;
    }
    for (Generator.FileResult f : r.files()) {
      f.diff().forEach(out::println);
      out.println(verb(f.action(), dryRun) + " " + f.path());
    }
    r.checks().forEach(c -> out.println("checked " + c));
    r.skipped().forEach(s -> out.println("not checked: " + s + " (--skip-check)"));
    if (!r.kept().isEmpty()) {
      out.println("kept " + r.kept().size() + " file(s) generate did not write last (diff above); "
          + "deployment-pipeline generate --force replaces them");
    }
    return ExitCodes.OK;
  }

  private static String verb(Action a, boolean dryRun) {
    String v = switch (a) {
      case KEPT_EDITED -> "kept (edited by hand)";
      case KEPT_FOREIGN -> "kept (not written by generate)";
      default -> a.name().toLowerCase(Locale.ROOT);
    };
    return dryRun && (a == Action.CREATED || a == Action.UPDATED || a == Action.REPLACED) ? "would be " + v : v;
  }
}
