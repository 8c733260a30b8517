package dev.deploypipeline.cli;

import dev.deploypipeline.app.App;
import dev.deploypipeline.config.ConfigException;
import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.deploy.DeployException;
import dev.deploypipeline.harness.HarnessConfig;
import dev.deploypipeline.mcp.HarnessGetExecutionTool;
import dev.deploypipeline.mcp.HarnessTriggerPipelineTool;
import dev.deploypipeline.mcp.ToolContext;
import dev.deploypipeline.workflow.Sleeper;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code harness trigger|status}: the CLI faces of {@code harness_trigger_pipeline} and
 * {@code harness_get_execution}. They call the same handlers, so arguments, errors and output are identical.
 */
@Command(name = "harness", mixinStandardHelpOptions = true, description = "Run and inspect Harness CD pipelines.",
    subcommands = {HarnessCommand.Trigger.class, HarnessCommand.Status.class})
public final class HarnessCommand {

  static Supplier<HarnessConfig> config(ProjectOptions o) {
    return () -> {
      try {
        return new ConfigLoader(System.getenv()).load(o.projectDir()).harness();
      } catch (ConfigException e) {
        throw new DeployException(DeployException.Kind.CONFIG, e.getMessage(), "fix the config as described");
      }
    };
  }

  static int print(ProjectOptions o, McpSchema.CallToolResult r) {
    @SuppressWarnings("unchecked")
    Map<String, Object> s = (Map<String, Object>) r.structuredContent();
    if (Boolean.TRUE.equals(r.isError())) {
      throw new DeployException(DeployException.Kind.BAD_INPUT, String.valueOf(s.get("error")),
          (String) s.get("nextStep"));
    }
    if (o.json) {
      Render.json(System.out, s);
    } else {
      s.forEach((k, v) -> System.out.printf("%-12s %s%n", k + ":", v));
    }
    return Boolean.FALSE.equals(s.get("succeeded")) ? ExitCodes.FAILED : ExitCodes.OK;
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
    @Option(names = "--timeout", paramLabel = "SECONDS", description = "With --wait (default 1800)") Integer timeout;

    @Override
    public Integer call() {
      Clock clock = Clock.systemUTC();
      var tool = new HarnessTriggerPipelineTool(config(o),
          cfg -> App.harnessClient(cfg, System.getenv(), Sleeper.REAL, clock), Sleeper.REAL, clock);
      Map<String, Object> args = new LinkedHashMap<>();
      args.put("pipeline", pipeline);
      if (!inputs.isEmpty()) args.put("inputs", new LinkedHashMap<>(inputs));
      if (org != null) args.put("org", org);
      if (projectId != null) args.put("project", projectId);
      args.put("wait", wait);
      if (timeout != null) args.put("timeoutSeconds", timeout);
      return print(o, tool.call(args, (p, t, m) -> System.err.println("  " + m)));
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Show a Harness execution's status and link.")
  static final class Status implements Callable<Integer> {
    @Mixin ProjectOptions o;
    @Parameters(index = "0", paramLabel = "EXECUTION_ID") String executionId;

    @Override
    public Integer call() {
      Clock clock = Clock.systemUTC();
      var tool = new HarnessGetExecutionTool(config(o),
          cfg -> App.harnessClient(cfg, System.getenv(), Sleeper.REAL, clock));
      return print(o, tool.call(ToolContext.NONE, Map.of("executionId", executionId)));
    }
  }
}
