package dev.deploypipeline.deploy;

/**
 * A problem the caller can fix: unknown id, illegal move, bad config, a guard that said no. The MCP layer turns
 * it into an {@code isError} result and the CLI into a message and exit code; {@code nextStep} says what to do.
 */
public final class DeployException extends RuntimeException {
  public enum Kind { NOT_FOUND, ILLEGAL_TRANSITION, CONFIG, GUARD, BAD_INPUT, GIT, ROLLBACK_FAILED, BUSY }

  private final Kind kind;
  private final String nextStep;

  public DeployException(Kind kind, String message, String nextStep) {
    super(message);
    this.kind = kind;
    this.nextStep = nextStep;
  }

  public Kind kind() {
    return kind;
  }

  public String nextStep() {
    return nextStep;
  }
}
