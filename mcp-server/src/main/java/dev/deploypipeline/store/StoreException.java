package dev.deploypipeline.store;

/**
 * The store could not read or write its files (I/O, corruption with no usable backup). When the cause is one the
 * user can clear (full disk, read-only mount, permissions), {@link #nextStep()} says how; the message then carries
 * it too, for callers that only print the message.
 */
public final class StoreException extends RuntimeException {
  private final String problem;
  private final String nextStep;

  public StoreException(String message, Throwable cause) {
    this(message, null, cause);
  }

  public StoreException(String message) {
    this(message, null, null);
  }

  public StoreException(String problem, String nextStep, Throwable cause) {
    super(nextStep == null ? problem : problem + "; " + nextStep, cause);
    this.problem = problem;
    this.nextStep = nextStep;
  }

  /** What went wrong, without the next step. */
  public String problem() {
    return problem;
  }

  /** What the user should do, or null when the cause is not one they can clear from outside. */
  public String nextStep() {
    return nextStep;
  }
}
