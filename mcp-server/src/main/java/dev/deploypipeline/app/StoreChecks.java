package dev.deploypipeline.app;

import dev.deploypipeline.store.AuditEntry;
import dev.deploypipeline.store.AuditVerification;
import dev.deploypipeline.store.DeploymentStore;
import dev.deploypipeline.store.StoreRules;
import dev.deploypipeline.store.pg.PostgresDeploymentStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** {@code store verify}: the audit chain of the store this environment selects, read from where it is kept. */
public final class StoreChecks {
  private StoreChecks() {}

  /** {@code head}: the hash of the trail's last line, to keep elsewhere (a chain cannot show lines cut at its end). */
  public record Verified(String store, AuditVerification verification, String head) {}

  public static Verified verify(Path projectDir, Map<String, String> env, Clock clock) {
    DeploymentStore s = Stores.open(projectDir, env, clock);
    if (s instanceof PostgresDeploymentStore pg) {
      return new Verified("PostgreSQL " + pg.settings().where(), pg.verifyAudit(), pg.auditHead());
    }
    List<AuditEntry> all = s.audit(null);
    return new Verified("files " + s.root(), s.verifyAudit(),
        all.isEmpty() ? StoreRules.GENESIS : all.get(all.size() - 1).hash());
  }
}
