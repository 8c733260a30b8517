package dev.deploypipeline.flags;

/**
 * A flag operation that failed, with what to do next. {@code httpStatus} is 0 when no answer came. The message
 * never holds the token: {@link UnleashClient} masks it before throwing.
 */
public final class FlagsException extends RuntimeException {
  private final int httpStatus;
  private final String nextStep;

  public FlagsException(String message, int httpStatus, String nextStep) {
    super(message);
    this.httpStatus = httpStatus;
    this.nextStep = nextStep;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String nextStep() {
    return nextStep;
  }
}
