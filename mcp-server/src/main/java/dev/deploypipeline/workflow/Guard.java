package dev.deploypipeline.workflow;

import java.util.Optional;

/** A rule that may forbid a legal transition. Returns the reason, phrased with what to do next, or empty. */
@FunctionalInterface
public interface Guard {
  Optional<String> check(GuardContext context);
}
