package dev.deploypipeline.cli;

import dev.deploypipeline.deploy.DeployException;
import dev.deploypipeline.envfiles.EnvDiff;
import dev.deploypipeline.envfiles.EnvFileException;
import dev.deploypipeline.deploy.EnvironmentCatalog;
import dev.deploypipeline.envfiles.EnvMissing;
import dev.deploypipeline.envfiles.EnvReport;
import dev.deploypipeline.envfiles.EnvScan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code env list|show|create|delete} (environments in the config, see {@link EnvConfigCommands}) and
 * {@code env diff|missing|scan|keygen|encrypt|decrypt|secrets|rotate}: env files across environments ({@code .env},
 * {@code .env.NAME}). Reports show names and counts, never values; secret values enter on standard input and leave
 * only into a child process's environment ({@code decrypt --exec}).
 */
@Command(name = "env", mixinStandardHelpOptions = true,
    description = "Environments: list, show, create, delete; their env files: diff, missing keys, secret scan, age "
        + "encryption, secret names and key rotation.",
    subcommands = {EnvCommand.ListEnvs.class, EnvConfigCommands.Show.class, EnvConfigCommands.Create.class,
        EnvConfigCommands.Delete.class, EnvCommand.Diff.class, EnvCommand.Missing.class, EnvCommand.Scan.class,
        EnvSecretCommands.Keygen.class, EnvSecretCommands.Encrypt.class, EnvSecretCommands.Decrypt.class,
        EnvKeyCommands.Secrets.class, EnvKeyCommands.Rotate.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done (missing, scan: nothing found)", "1:missing, scan or secrets found something; decrypt --exec: the "
        + "command's own code when it failed", "2:bad arguments, or a missing or wrong age key"})
public final class EnvCommand {
  /** Runs a report, turning bad input into the CLI's error (message and next step). */
  static <T> T run(Supplier<T> report) {
    try {
      return report.get();
    } catch (EnvFileException e) {
      throw new DeployException(DeployException.Kind.BAD_INPUT, e.getMessage(), e.nextStep());
    } catch (dev.deploypipeline.compose.ComposeInputException e) {
      throw new DeployException(DeployException.Kind.BAD_INPUT, e.getMessage(), "pass existing compose files with "
          + "--compose, relative to the project");
    }
  }

  static int print(ProjectOptions o, Map<String, Object> json, String text, boolean found) {
    if (o.json) Render.json(System.out, json);
    else System.out.println(text);
    return found ? ExitCodes.FAILED : ExitCodes.OK;
  }

  static int print(ProjectOptions o, EnvReport r) {
    return print(o, r.toMap(), r.text(), r.found());
  }

  abstract static class Report implements Callable<Integer> {
    @Mixin ProjectOptions o;

    @Parameters(paramLabel = "ENV", arity = "0..*", description = "Environments (default: every .env and .env.NAME "
        + "file); prod finds .env.production and the reverse")
    List<String> environments = new ArrayList<>();
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Each environment: type, place on the "
      + "promotion path, what deploys it, approval, and its env file's key count, secrets, encrypted values and "
      + "recipients file; never a value.")
  static final class ListEnvs extends Report {
    @Override
    public Integer call() {
      return print(o, run(() -> new EnvironmentCatalog(o.projectDir(), System.getenv(), null).list(environments)));
    }
  }

  @Command(name = "diff", mixinStandardHelpOptions = true, description = "Keys across environments: where each is "
      + "set, plain or encrypted, and whether the values are the same (compared, never shown).")
  static final class Diff extends Report {
    @Override
    public Integer call() {
      return print(o, run(() -> EnvDiff.of(o.projectDir(), environments)));
    }
  }

  @Command(name = "missing", mixinStandardHelpOptions = true, description = "Keys missing against .env.example, "
      + "and variables the compose files need but an environment does not set (or sets but nothing uses).")
  static final class Missing extends Report {
    @Option(names = "--compose", paramLabel = "FILE", description = "Compose file (repeatable; default: the "
        + "project's compose.yaml or docker-compose.yml)")
    List<Path> compose = new ArrayList<>();

    @Override
    public Integer call() {
      return print(o, run(() -> EnvMissing.of(o.projectDir(), environments, compose)));
    }
  }

  @Command(name = "scan", mixinStandardHelpOptions = true, description = "Secrets in plain text in env files "
      + "(known token formats, secret-looking names, high-entropy values); exit 1 when any is found.")
  static final class Scan extends Report {
    @Override
    public Integer call() {
      return print(o, run(() -> EnvScan.of(o.projectDir(), environments)));
    }
  }
}
