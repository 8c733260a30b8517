package dev.deploypipeline.envfiles;

import java.nio.file.Path;

/** An environment and its env file, relative to the project directory. */
public record EnvSource(String environment, Path file) {}
