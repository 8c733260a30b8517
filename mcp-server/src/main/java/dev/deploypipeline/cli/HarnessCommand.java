package dev.deploypipeline.cli;

import dev.deploypipeline.app.App;
import dev.deploypipeline.deploy.DeployException;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.HarnessTriggers;
import dev.deploypipeline.harness.RuntimeInputs;
import dev.deploypipeline.workflow.Sleeper;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code harness trigger|status}: the CLI faces of {@link HarnessTriggers}, the service behind
 * {@code harness_trigger_pipeline} and {@code harness_get_execution}: the same scope rule, gated-pipeline refusal
 * and audit line.
 */
@Command(name = "harness", mixinStandardHelpOptions = true, description = "Run and inspect Harness CD pipelines.",
    subcommands = {HarnessCommand.Trigger.class, HarnessCommand.Status.class})
public final class HarnessCommand {

  static final int DEFAULT_TIMEOUT_SECONDS = 600;

  static HarnessTriggers triggers(DeploymentService s) {
    Clock clock = Clock.systemUTC();
    return new HarnessTriggers(s, System.getenv(), cfg -> App.harnessClient(cfg, System.getenv(), Sleeper.REAL, clock),
        Sleeper.REAL, clock);
  }

  static int print(ProjectOptions o, HarnessTriggers.Outcome r) {
    if (r.failed()) throw new DeployException(DeployException.Kind.BAD_INPUT, r.error(), r.nextStep());
    if (o.json) {
      Render.json(System.out, r.view());
    } else {
      r.view().forEach((k, v) -> System.out.printf("%-12s %s%n", k + ":", v));
    }
    return Boolean.FALSE.equals(r.view().get("succeeded")) ? ExitCodes.FAILED : ExitCodes.OK;
  }

  @Command(name = "trigger", mixinStandardHelpOptions = true,
      description = "Start a Harness pipeline with runtime inputs; with --wait follow it to the end. Needs "
          + "HARNESS_API_KEY. Exit 0 started or succeeded, 1 the execution failed, 2 nothing was started.")
  static final class Trigger implements Callable<Integer> {
    @Mixin ProjectOptions o;
    @Parameters(index = "0", paramLabel = "PIPELINE", description = "Pipeline identifier") String pipeline;
    @Option(names = {"-i", "--input"}, paramLabel = "NAME=VALUE", description = "A pipeline variable (repeatable)")
    Map<String, String> inputs = new LinkedHashMap<>();
    @Option(names = "--org") String org;
    @Option(names = "--project-id", paramLabel = "PROJECT", description = "Harness project (default harness.projectId)")
    String projectId;
    @Option(names = "--wait", description = "Follow the execution until it finishes or --timeout passes") boolean wait;
    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "" + DEFAULT_TIMEOUT_SECONDS,
        description = "With --wait, 1-7200 (default ${DEFAULT-VALUE})") int timeout;

    @Override
    public Integer call() {
      if (!pipeline.matches("[A-Za-z0-9_-]{1,128}")) {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
            "PIPELINE must be a Harness pipeline identifier (letters, digits, '_' or '-')");
      }
      if (timeout < 1 || timeout > 7200) {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
            "--timeout must be from 1 to 7200 seconds");
      }
      String yaml = inputs.isEmpty() ? "" : RuntimeInputs.yaml(pipeline, new LinkedHashMap<>(inputs));
      var request = new HarnessTriggers.Request(pipeline, org, projectId, yaml, wait, timeout,
          HarnessTriggers.FrontEnd.CLI);
      return print(o, triggers(o.service(false)).trigger(request, (p, t, m) -> System.err.println("  " + m)));
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Show a Harness execution's status and link.")
  static final class Status implements Callable<Integer> {
    @Mixin ProjectOptions o;
    @Parameters(index = "0", paramLabel = "EXECUTION_ID") String executionId;

    @Override
    public Integer call() {
      return print(o, triggers(o.service(false)).execution(executionId, HarnessTriggers.FrontEnd.CLI));
    }
  }
}
