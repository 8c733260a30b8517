package dev.deploypipeline.store;

/** A save based on an older revision than the one stored: someone else changed the deployment first. */
public final class StaleDeploymentException extends RuntimeException {
  public StaleDeploymentException(String id, long expected, long actual) {
    super("deployment " + id + " changed underneath this write (based on revision " + expected + ", stored revision "
        + actual + "); read it again and retry");
  }
}
