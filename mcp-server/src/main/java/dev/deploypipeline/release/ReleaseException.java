package dev.deploypipeline.release;

/** A release step that cannot go ahead as asked: what is wrong and what to do next. Nothing was changed. */
public final class ReleaseException extends RuntimeException {
  private final String nextStep;

  public ReleaseException(String message, String nextStep) {
    super(message);
    this.nextStep = nextStep;
  }

  public ReleaseException(String message, String nextStep, Throwable cause) {
    super(message, cause);
    this.nextStep = nextStep;
  }

  public String nextStep() {
    return nextStep;
  }
}
