package dev.deploypipeline.compose.deploy;

/** Bad input or a refusal before anything changed: the message says what is wrong and what to do. */
public final class TargetException extends RuntimeException {
  public TargetException(String message) {
    super(message);
  }
}
