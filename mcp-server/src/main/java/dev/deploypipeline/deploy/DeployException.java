package dev.deploypipeline.deploy;

/**
 * A problem the caller can fix: unknown id, illegal move, bad config, a guard that said no. The MCP layer turns
 * it into an {@code isError} result and the CLI into a message and exit code; {@code nextStep} says what to do.
 */
public final class DeployException extends RuntimeException {
  public enum Kind { NOT_FOUND, ILLEGAL_TRANSITION, CONFIG, GUARD, BAD_INPUT, GIT, ROLLBACK_FAILED, BUSY, PREFLIGHT, NEEDS_HUMAN }

  private final Kind kind;
  private final String nextStep;
  private final java.util.Map<String, Object> extra;

  public DeployException(Kind kind, String message, String nextStep) {
    this(kind, message, nextStep, java.util.Map.of());
  }

  /** With structured facts for the caller (a pre-deploy checklist, the terminal command); never secrets. */
  public DeployException(Kind kind, String message, String nextStep, java.util.Map<String, Object> extra) {
    super(message);
    this.kind = kind;
    this.nextStep = nextStep;
    this.extra = extra == null ? java.util.Map.of() : java.util.Map.copyOf(extra);
  }

  public java.util.Map<String, Object> extra() {
    return extra;
  }

  public Kind kind() {
    return kind;
  }

  public String nextStep() {
    return nextStep;
  }
}
