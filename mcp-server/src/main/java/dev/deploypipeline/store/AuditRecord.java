package dev.deploypipeline.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * One line of the audit trail, as callers write it. The store adds {@code seq}, {@code prevHash} and
 * {@code hash} when it appends (see {@link AuditEntry}). {@code details} must never hold secrets.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditRecord(Instant at, String deploymentId, String actor, String event, String from, String to,
    Integer attempt, Map<String, Object> details) {
  public AuditRecord {
    details = details == null ? Map.of() : Map.copyOf(details);
  }
}
