package dev.deploypipeline.deploy;

import dev.deploypipeline.store.AuditEntry;
import dev.deploypipeline.store.AuditRecord;
import dev.deploypipeline.store.DeploymentStore;
import dev.deploypipeline.store.HistoryQuery;
import dev.deploypipeline.workflow.DeploymentSummary;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Releases in the audit trail: a {@code RELEASE_CREATED} line when the annotated tag is made and a
 * {@code RELEASE_PUBLISHED} line when the GitHub release is, each with the version, tag, commit and (published) URL.
 * They go through the store like every audit line, so the file store and PostgreSQL keep them alike and the hash
 * chain covers them. Listing joins each release to the deployments of its version or its tag's commit.
 */
public final class ReleaseRecords {
  public static final String CREATED = "RELEASE_CREATED";
  public static final String PUBLISHED = "RELEASE_PUBLISHED";
  /** How many recent deployments are searched for a release's version. */
  static final int DEPLOYMENTS_SCANNED = 2000;

  private ReleaseRecords() {}

  /** For {@code release create}: the tag exists now. {@code details} must hold no secret. */
  public static void recordCreated(DeploymentStore store, Clock clock, String actor, String version, String tag,
      String commit, Map<String, Object> details) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("version", version);
    d.put("tag", tag);
    if (commit != null) d.put("commit", commit);
    if (details != null) d.putAll(details);
    store.write(w -> w.audit(new AuditRecord(clock.instant(), null, actor, CREATED, null, null, null, d)));
  }

  static void recordPublished(DeploymentStore store, Clock clock, String actor, Map<String, Object> details) {
    store.write(w -> w.audit(new AuditRecord(clock.instant(), null, actor, PUBLISHED, null, null, null, details)));
  }

  /**
   * Releases newest first (at most {@code limit}), one row per version: when it was tagged and published, where, and
   * the deployments of that version (id, state, environments it reached).
   */
  public static List<Map<String, Object>> list(DeploymentStore store, int limit) {
    Map<String, Map<String, Object>> byVersion = new LinkedHashMap<>();
    for (AuditEntry e : store.audit(null)) {
      if (!CREATED.equals(e.event()) && !PUBLISHED.equals(e.event())) continue;
      Object version = e.details().get("version");
      if (version == null) continue;
      Map<String, Object> row = byVersion.remove(version.toString());
      if (row == null) {
        row = new LinkedHashMap<>();
        row.put("version", version.toString());
      }
      row.put("tag", e.details().getOrDefault("tag", "v" + version));
      if (e.details().get("commit") != null) row.put("commit", e.details().get("commit"));
      if (CREATED.equals(e.event())) {
        row.put("createdAt", e.at().toString());
        row.put("createdBy", e.actor());
      } else {
        row.put("publishedAt", e.at().toString());
        row.put("publishedBy", e.actor());
        for (String k : List.of("url", "repository", "draft", "prerelease", "assets")) {
          if (e.details().containsKey(k)) row.put(k, e.details().get(k));
        }
      }
      byVersion.put(version.toString(), row); // re-inserted: the latest line orders the rows
    }
    List<Map<String, Object>> rows = new ArrayList<>(byVersion.values());
    java.util.Collections.reverse(rows);
    if (rows.size() > limit) rows = new ArrayList<>(rows.subList(0, limit));
    if (rows.isEmpty()) return rows;
    List<DeploymentSummary> deployments = store.history(HistoryQuery.all(DEPLOYMENTS_SCANNED));
    for (Map<String, Object> row : rows) row.put("deployments", linked(row, deployments));
    return rows;
  }

  /** The deployments of the release: its version (as given or with a {@code v}) or the commit its tag names. */
  static List<Map<String, Object>> linked(Map<String, Object> release, List<DeploymentSummary> deployments) {
    String version = (String) release.get("version");
    Object commit = release.get("commit");
    List<Map<String, Object>> out = new ArrayList<>();
    for (DeploymentSummary s : deployments) {
      boolean same = version.equals(s.version()) || ("v" + version).equals(s.version())
          || (commit != null && commit.equals(s.commit()));
      if (!same) continue;
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", s.id());
      m.put("state", s.state().id());
      m.put("environments", s.environments() == null ? List.of() : s.environments());
      m.put("createdAt", s.createdAt().toString());
      out.add(m);
    }
    return out;
  }
}
