package dev.deploypipeline.compose;

/** The validation could not run at all (a file is missing or unreadable); not a finding about the content. */
public class ComposeInputException extends RuntimeException {
  public ComposeInputException(String message) {
    super(message);
  }
}
