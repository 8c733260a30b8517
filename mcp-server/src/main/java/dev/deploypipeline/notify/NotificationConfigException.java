package dev.deploypipeline.notify;

import java.util.List;

/** The notifications setup cannot work as configured; each error names its config path and the fix. */
public final class NotificationConfigException extends IllegalArgumentException {
  private final List<String> errors;

  public NotificationConfigException(List<String> errors) {
    super(String.join("\n", errors));
    this.errors = List.copyOf(errors);
  }

  public List<String> errors() {
    return errors;
  }
}
