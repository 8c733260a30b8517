package dev.deploypipeline.cli;

import dev.deploypipeline.deploy.DeployException;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.ReleasePublishing;
import dev.deploypipeline.workflow.Sleeper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code release publish --version V}: the GitHub release of the annotated tag {@code v<V>}. {@code --version} is
 * this command's own option, so help is declared by hand instead of through {@code mixinStandardHelpOptions}.
 */
@Command(name = "publish",
    description = "Create (or reuse) the GitHub release for the annotated tag v<VERSION> with the tag's message as "
        + "its notes, and upload each --asset that is not there yet. Safe to run again. Needs GITHUB_TOKEN; the "
        + "repository is release.github.repository, GITHUB_REPOSITORY or the origin remote. Exit 0 when published, "
        + "1 if GitHub failed (run it again), 2 if nothing was sent (bad version, tag, file or settings).")
public final class ReleasePublishCommand implements Callable<Integer> {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;
  @Mixin ProjectOptions o;
  @Option(names = "--version", required = true, paramLabel = "VERSION",
      description = "The version that release create tagged, e.g. 1.4.2 (its tag is v1.4.2)") String version;
  @Option(names = "--asset", paramLabel = "FILE", description = "A file to attach (repeatable); its name is the "
      + "asset's name") List<Path> assets;
  @Option(names = "--draft", description = "Create the release as a draft (not visible to the public)") boolean draft;
  @Option(names = "--prerelease", description = "Mark the release as a pre-release") boolean prerelease;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    DeploymentService s = o.service(false);
    ReleasePublishing publishing = new ReleasePublishing(s, System.getenv(), Sleeper.REAL, Clock.systemUTC());
    Map<String, Object> out;
    try {
      out = publishing.publish(new ReleasePublishing.Request(version, assets, draft, prerelease, s.actor()),
          System.err::println);
    } catch (DeployException e) {
      if (!e.extra().containsKey(ReleasePublishing.GITHUB_STATUS)) throw e;
      // GitHub failed after the local checks: something may exist there now, so this is a failure, not a no-op.
      CliErrors.handle(e, spec.commandLine(), spec.commandLine().getParseResult().originalArgs());
      return ExitCodes.FAILED;
    }
    if (o.json) {
      Render.json(System.out, out);
    } else {
      System.out.println((Boolean.TRUE.equals(out.get("reused")) ? "Reused" : "Published") + " " + out.get("tag")
          + (Boolean.TRUE.equals(out.get("draft")) ? " (draft)" : "") + ": " + out.get("url"));
      for (Object a : (List<?>) out.get("assets")) {
        Map<?, ?> m = (Map<?, ?>) a;
        System.out.println("  " + m.get("status") + " " + m.get("name") + " (" + m.get("size") + " bytes)");
      }
    }
    return ExitCodes.OK;
  }
}
