package dev.deploypipeline.envfiles;

/**
 * An age key is missing or wrong for an environment. The message names the environment and the recipients or
 * identity file, never a key or a value.
 */
public final class EnvKeyException extends EnvFileException {
  public EnvKeyException(String message, String nextStep) {
    super(message, nextStep);
  }
}
