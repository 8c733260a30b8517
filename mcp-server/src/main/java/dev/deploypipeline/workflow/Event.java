package dev.deploypipeline.workflow;

import java.util.Arrays;
import java.util.Optional;

/** Events that move a deployment between {@link State}s; the names are the seed's and appear in the audit trail. */
public enum Event {
  START,
  VALIDATION_COMPLETE,
  BUILD_COMPLETE,
  TESTS_PASSED,
  DEV_DEPLOYED,
  STAGING_DEPLOYED,
  APPROVED,
  REJECTED,
  PROD_DEPLOYED,
  FAILURE,
  ROLLBACK;

  public static Optional<Event> fromName(String name) {
    return Arrays.stream(values()).filter(e -> e.name().equalsIgnoreCase(name)).findFirst();
  }
}
