package dev.deploypipeline.deploy;

/**
 * A problem the caller can fix: unknown id, illegal move, bad config, a guard that said no. The MCP layer turns
 * it into an {@code isError} result and the CLI into a message and exit code; {@link #next()} says what to do,
 * and each front end names its actions in its own words.
 */
public final class DeployException extends RuntimeException {
  public enum Kind { NOT_FOUND, ILLEGAL_TRANSITION, CONFIG, GUARD, BAD_INPUT, GIT, ROLLBACK_FAILED, BUSY, PREFLIGHT, NEEDS_HUMAN }

  private final Kind kind;
  private final NextStep next;
  private final java.util.Map<String, Object> extra;

  /** With advice that names no command or tool (the same words in every front end). */
  public DeployException(Kind kind, String message, String nextStep) {
    this(kind, message, NextStep.text(nextStep), java.util.Map.of());
  }

  public DeployException(Kind kind, String message, NextStep next) {
    this(kind, message, next, java.util.Map.of());
  }

  /** With advice that names no command or tool, and structured facts for the caller; never secrets. */
  public DeployException(Kind kind, String message, String nextStep, java.util.Map<String, Object> extra) {
    this(kind, message, NextStep.text(nextStep), extra);
  }

  /** With structured facts for the caller (a pre-deploy checklist, the terminal command); never secrets. */
  public DeployException(Kind kind, String message, NextStep next, java.util.Map<String, Object> extra) {
    super(message);
    this.kind = kind;
    this.next = next;
    this.extra = extra == null ? java.util.Map.of() : java.util.Map.copyOf(extra);
  }

  public java.util.Map<String, Object> extra() {
    return extra;
  }

  public Kind kind() {
    return kind;
  }

  /** What to do next, for the front end to say in its own words; null when there is nothing to add. */
  public NextStep next() {
    return next;
  }

  /** {@link #next()} in {@code voice}; null when there is none. */
  public String nextStep(NextStep.Voice voice) {
    return next == null ? null : next.render(voice);
  }
}
