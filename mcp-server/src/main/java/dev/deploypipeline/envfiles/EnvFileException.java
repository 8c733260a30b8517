package dev.deploypipeline.envfiles;

/** Bad input or a missing key for an env file operation: what was wrong, and what to do next. */
public class EnvFileException extends RuntimeException {
  private final String nextStep;

  public EnvFileException(String message, String nextStep) {
    super(message);
    this.nextStep = nextStep;
  }

  public String nextStep() {
    return nextStep;
  }
}
