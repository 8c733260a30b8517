package dev.deploypipeline.store;

import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.DeploymentSummary;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where deployments and the audit trail live (docs/design.md, Persistence). Reads never block; every write runs
 * inside {@link #write} under an exclusive lock that holds across threads and processes, so a read-check-write
 * sequence in one transaction cannot lose an update. Implementations: {@link FileDeploymentStore}.
 */
public interface DeploymentStore {

  /** The directory holding the store (for messages and per-stage logs). */
  Path root();

  /** The latest stored copy, or the backup if the main copy cannot be read; empty if unknown. */
  Optional<Deployment> find(String id);

  /**
   * The stored copies of {@code ids} that exist, by id: for callers that need many at once (DORA's keys over a
   * period), which a database answers in one query instead of one per id.
   */
  default java.util.Map<String, Deployment> findAll(java.util.Collection<String> ids) {
    java.util.Map<String, Deployment> out = new java.util.LinkedHashMap<>();
    for (String id : ids) find(id).ifPresent(d -> out.put(id, d));
    return out;
  }

  /** From the index, newest first; never opens every deployment file. */
  List<DeploymentSummary> history(HistoryQuery query);

  /** Non-terminal deployments, from the index. */
  List<DeploymentSummary> active();

  /** Audit lines of one deployment (or all when {@code deploymentId} is null), oldest first. */
  List<AuditEntry> audit(String deploymentId);

  /** Re-computes the hash chain over the whole trail. */
  AuditVerification verifyAudit();

  /** Where a stage's output goes. */
  Path logFile(String deploymentId, String stage);

  /**
   * Repairs what a process killed in the middle of a write can leave behind and that readers would not see:
   * a deployment file saved without its index line. Returns the ids it re-indexed. Cheap: it looks only at ids
   * handed out after the highest one in the index.
   */
  default List<String> repairAfterCrash() {
    return List.of();
  }

  /**
   * Runs {@code tx} under the exclusive store lock. Its saves and audit lines are applied together or not at all,
   * and are durable when it returns; if {@code tx} throws, none of them is.
   */
  <T> T write(Transaction<T> tx);

  @FunctionalInterface
  interface Transaction<T> {
    T run(Writer w);
  }

  /** The view a transaction gets: consistent reads plus writes. */
  interface Writer {
    /** A new, never-used id such as {@code d-42}. */
    String nextId();

    Optional<Deployment> get(String id);

    List<DeploymentSummary> active();

    /**
     * Stores {@code d}, whose {@code revision} must equal the stored one (0 for a new deployment); returns the
     * stored value with {@code revision + 1}; later reads in the same transaction see it. Written when the
     * transaction commits (journal, then temp file and rename; the old copy becomes the backup). Throws
     * {@link StaleDeploymentException} on a revision mismatch.
     */
    Deployment save(Deployment d);

    /** Appends to the audit trail, chained to the previous line. */
    AuditEntry audit(AuditRecord r);
  }
}
