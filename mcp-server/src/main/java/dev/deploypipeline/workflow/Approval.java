package dev.deploypipeline.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** The approval gate's outcome: who decided what, when, and how long the gate waited. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Approval(String decision, String actor, String comment, Instant requestedAt, Instant decidedAt) {
  public static final String APPROVE = "approve";
  public static final String REJECT = "reject";
}
