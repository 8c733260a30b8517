package dev.deploypipeline.cli;

import dev.deploypipeline.release.Created;
import dev.deploypipeline.release.Notes;
import dev.deploypipeline.release.Prepared;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The subcommands of {@link ReleaseCommand}. */
final class ReleaseCommands {
  private ReleaseCommands() {}

  @Command(name = "prepare", mixinStandardHelpOptions = true, description = "Bump the version in pom.xml (every "
      + "module), package.json (workspaces, lock), pyproject.toml, Cargo.toml, build.gradle(.kts), gradle.properties "
      + "and VERSION; add the CHANGELOG.md section from the commits since the last tag; commit on a new branch "
      + "release/v<VERSION>. Needs a clean working tree.")
  static final class Prepare implements Callable<Integer> {
    @Mixin ProjectOptions o;

    @Option(names = "--type", required = true, paramLabel = "TYPE", description = "major, minor, patch, or auto "
        + "(from the Conventional Commits since the last tag: feat minor, ! or BREAKING CHANGE major, else patch)")
    String type;

    @Option(names = "--dry-run", description = "Only say what would change (versions, files, changelog section)")
    boolean dryRun;

    @Override
    public Integer call() {
      Prepared p = ReleaseCommand.run(o, r -> r.prepare(type, dryRun));
      return ReleaseCommand.print(o, p.toMap(), p.text());
    }
  }

  @Command(name = "notes", mixinStandardHelpOptions = true, description = "Release notes (markdown grouped as Keep "
      + "a Changelog: Added, Changed, Fixed, ...) for the commits after --from up to --to.")
  static final class NotesCommand implements Callable<Integer> {
    @Mixin ProjectOptions o;

    @Option(names = "--from", paramLabel = "TAG", description = "Start after this tag or commit (default: the tag "
        + "before --to)")
    String from;

    @Option(names = "--to", paramLabel = "TAG", description = "End at this tag or commit (default: HEAD)")
    String to;

    @Override
    public Integer call() {
      Notes n = ReleaseCommand.run(o, r -> r.notes(from, to));
      return ReleaseCommand.print(o, n.toMap(), n.markdown().stripTrailing());
    }
  }

  /** No mixinStandardHelpOptions: it would claim --version, which names the release here. */
  @Command(name = "create", description = "Create the annotated tag v<VERSION> on HEAD, its message the release "
      + "notes since the previous tag. Refuses when the tag exists, the tree is dirty, or the project's files "
      + "declare another version.")
  static final class Create implements Callable<Integer> {
    @Mixin ProjectOptions o;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--version", required = true, paramLabel = "VERSION", description = "The version to tag, "
        + "e.g. 1.5.0 (the tag is v1.5.0)")
    String version;

    @Override
    public Integer call() {
      Created c = ReleaseCommand.run(o, r -> r.create(version));
      ReleaseAudit.created(o, c);
      return ReleaseCommand.print(o, c.toMap(), c.text().stripTrailing());
    }
  }
}
