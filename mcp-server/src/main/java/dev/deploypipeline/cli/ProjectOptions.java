package dev.deploypipeline.cli;

import dev.deploypipeline.app.App;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.Recovery;
import dev.deploypipeline.workflow.PipelineListener;
import dev.deploypipeline.workflow.Sleeper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every deploy command takes, and the service they build from them. */
public final class ProjectOptions {
  @Option(names = "--project", paramLabel = "DIR",
      description = "Project directory holding .claude/deployment-config.json (default: $DEPLOY_PROJECT_DIR, "
          + "$CLAUDE_PROJECT_DIR, or the current directory)")
  Path project;

  @Option(names = "--json", description = "Print the result as JSON (for scripts and CI)")
  boolean json;

  Path projectDir() {
    return project != null ? project.toAbsolutePath().normalize() : App.projectDir(System.getenv());
  }

  DeploymentService service(boolean progress) {
    List<PipelineListener> listeners = progress ? List.of(new ProgressPrinter(System.err, Clock.systemUTC()))
        : List.of();
    DeploymentService s = App.service(projectDir(), System.getenv(), Clock.systemUTC(), Sleeper.REAL, listeners);
    // Main ends with System.exit: let queued notifications go out first (bounded by the dispatcher).
    Runtime.getRuntime().addShutdownHook(new Thread(s::shutdown, "shutdown"));
    // A command that drives deployments first takes over those whose driver died (DESIGN.md §3 Persistence).
    if (progress) {
      new Recovery(s).resumeExpired(id -> System.err.println("Resuming " + id + ": the process driving it is gone"));
    }
    return s;
  }
}
