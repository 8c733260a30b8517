package dev.deploypipeline.config;

import java.util.List;

/** The config file is missing or wrong. Every problem names its JSON path and the fix. */
public final class ConfigException extends RuntimeException {
  private final List<String> problems;

  public ConfigException(String source, List<String> problems) {
    super(source + ": " + (problems.size() == 1 ? problems.get(0)
        : problems.size() + " problems:\n  - " + String.join("\n  - ", problems)));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
