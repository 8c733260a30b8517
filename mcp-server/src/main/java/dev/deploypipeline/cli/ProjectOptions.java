package dev.deploypipeline.cli;

import dev.deploypipeline.app.App;
import dev.deploypipeline.deploy.DeployException;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.Recovery;
import dev.deploypipeline.workflow.PipelineListener;
import dev.deploypipeline.workflow.Sleeper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options every command takes (with {@code --help} from {@code mixinStandardHelpOptions}), and the service
 * the deploy commands build from them. {@code --json} errors are printed by {@link CliErrors}.
 */
public final class ProjectOptions {
  @Option(names = "--project", paramLabel = "DIR",
      description = "Project directory holding .claude/deployment-config.json (default: $DEPLOY_PROJECT_DIR, "
          + "$CLAUDE_PROJECT_DIR, or the current directory)")
  Path project;

  @Option(names = "--json", description = "Print the result as JSON on stdout (for scripts and CI); errors too, "
      + "as {\"error\": …, \"nextStep\": …}, with the same exit code")
  boolean json;

  Path projectDir() {
    return project != null ? project.toAbsolutePath().normalize() : App.projectDir(System.getenv());
  }

  /** The service the project's config deploys, for commands whose SERVICE was left out. */
  String configuredService(DeploymentService s) {
    String name = s.config().service();
    if (name == null) {
      throw new DeployException(DeployException.Kind.BAD_INPUT, "SERVICE is required: the project's config names "
          + "no service", "name the service to deploy, e.g. `deployment-pipeline deploy start my-service`");
    }
    return name;
  }

  DeploymentService service(boolean progress) {
    List<PipelineListener> listeners = progress ? List.of(new ProgressPrinter(System.err, Clock.systemUTC()))
        : List.of();
    DeploymentService s = App.service(projectDir(), System.getenv(), Clock.systemUTC(), Sleeper.REAL, listeners);
    // Main ends with System.exit: let queued notifications go out first (bounded by the dispatcher).
    Runtime.getRuntime().addShutdownHook(new Thread(s::shutdown, "shutdown"));
    // A command that drives deployments first takes over those whose driver died (docs/design.md, Persistence).
    if (progress) {
      new Recovery(s).resumeExpired(id -> System.err.println("Resuming " + id + ": the process driving it is gone"));
    }
    return s;
  }
}
