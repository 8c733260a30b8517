package dev.deploypipeline.cli;

import picocli.CommandLine.Command;

/**
 * {@code release …}: cut and publish versions of the project. This branch holds only {@code publish}; prepare,
 * notes and create are listed here by the release branch.
 */
@Command(name = "release", mixinStandardHelpOptions = true,
    description = "Publish versions of this project: the GitHub release for an annotated tag, with assets.",
    subcommands = {ReleasePublishCommand.class})
public final class ReleaseCommand {}
