package dev.deploypipeline.cli;

import dev.deploypipeline.deploy.DeployException;
import dev.deploypipeline.release.ReleaseException;
import dev.deploypipeline.release.Releases;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Command;

/**
 * {@code release prepare|notes|create}: versions, changelog and tags on the project's git repository. One
 * subcommand class per line below, so that a new one (publish) is one added line.
 */
@Command(name = "release", mixinStandardHelpOptions = true,
    description = "Release management: bump the version in every package file with a changelog section on a "
        + "release branch, release notes between tags, and the annotated tag.",
    subcommands = {
        ReleaseCommands.Prepare.class,
        ReleaseCommands.NotesCommand.class,
        ReleaseCommands.Create.class,
        ReleasePublishCommand.class,
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", "1:publish: GitHub failed part-way (run it again)", "2:nothing was changed: bad arguments, a dirty tree, an existing tag or branch, "
        + "versions that disagree"})
public final class ReleaseCommand {
  /** Runs a release step on the project, turning a refusal into the CLI's error (message and next step). */
  static <T> T run(ProjectOptions o, Function<Releases, T> step) {
    try {
      return step.apply(new Releases(o.projectDir(), Clock.systemUTC()));
    } catch (ReleaseException e) {
      throw new DeployException(DeployException.Kind.BAD_INPUT, e.getMessage(), e.nextStep());
    }
  }

  static int print(ProjectOptions o, Map<String, Object> json, String text) {
    if (o.json) Render.json(System.out, json);
    else System.out.println(text);
    return ExitCodes.OK;
  }
}
