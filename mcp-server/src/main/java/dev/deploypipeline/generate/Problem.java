package dev.deploypipeline.generate;

/** A generated file a checker rejected: the file (relative to the project), the tool, and what the tool said. */
public record Problem(String file, String tool, String message) {
  public String render() {
    return file + ": " + tool + ": " + message;
  }
}
