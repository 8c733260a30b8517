package dev.deploypipeline.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * An audit line as stored: the record plus its position and the hash chain. {@code hash} is SHA-256 (hex) over
 * {@code prevHash} and the canonical JSON of the other fields, so editing, deleting or truncating lines is
 * detectable by {@link DeploymentStore#verifyAudit()}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEntry(long seq, Instant at, String deploymentId, String actor, String event, String from,
    String to, Integer attempt, Map<String, Object> details, String prevHash, String hash) {}
