package dev.deploypipeline.compose;

/** How bad a finding is: an error breaks or endangers the deployment, a warning is a risk worth a look. */
public enum Severity {
  ERROR,
  WARNING;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
