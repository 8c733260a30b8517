package dev.deploypipeline.cli;

import dev.deploypipeline.deploy.HostChecks;
import dev.deploypipeline.hostcheck.Check;
import dev.deploypipeline.hostcheck.HostReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code check}: the host pre-flight before a deploy or a rollback. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Check this host before deploying: free disk (the project's filesystem and Docker's) and available "
        + "memory against thresholds, every host port the compose file publishes and hosting.services.*.port names "
        + "(free, or in use by the running stack with --running), the Docker daemon (DOCKER_HOST or "
        + "/var/run/docker.sock), the compose file (docker-compose config and compose validate), Caddy's admin API, "
        + "and the systemd units of native services where systemd is PID 1 (elsewhere: skipped, and said so). "
        + "Every failure says what to do. Read-only.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:ready (warnings and skips allowed)", "1:a check failed", "2:bad arguments or hosting section",
        "3:internal error"})
public final class CheckCommand implements Callable<Integer> {
  @Mixin ProjectOptions o;
  @Option(names = "--min-disk-mb", paramLabel = "MB", description = "Free disk needed, in MB (default: 2048)")
  Long diskMb;
  @Option(names = "--min-disk-percent", paramLabel = "PCT", description = "Free disk needed, in % (default: 10)")
  Integer diskPercent;
  @Option(names = "--min-memory-mb", paramLabel = "MB", description = "Available memory needed, in MB (default: 256)")
  Long memoryMb;
  @Option(names = "--running", description = "The stack is up already (a redeploy): its ports in use are expected")
  boolean running;

  @Override
  public Integer call() {
    HostReport r = new HostChecks(o.projectDir(), System.getenv())
        .run(HostChecks.thresholds(diskMb, diskPercent, memoryMb), running);
    if (o.json) {
      Render.json(System.out, r.toMap());
    } else {
      for (Check c : r.checks()) {
        System.out.printf("%-4s %-16s %s%n", label(c.status()), c.name(), c.detail());
        if (c.fix() != null && c.status() != Check.Status.OK) System.out.println("     fix: " + c.fix());
      }
      System.out.println(r.summary());
    }
    return r.ready() ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private static String label(Check.Status s) {
    return switch (s) {
      case OK -> "ok";
      case WARN -> "warn";
      case FAIL -> "FAIL";
      case SKIP -> "skip";
    };
  }
}
