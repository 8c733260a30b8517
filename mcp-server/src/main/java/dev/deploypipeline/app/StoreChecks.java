package dev.deploypipeline.app;

import dev.deploypipeline.store.AuditVerification;
import dev.deploypipeline.store.DeploymentStore;
import dev.deploypipeline.store.pg.PostgresDeploymentStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** {@code store verify}: the audit chain of the store this environment selects, read from where it is kept. */
public final class StoreChecks {
  private StoreChecks() {}

  public record Verified(String store, AuditVerification verification) {}

  public static Verified verify(Path projectDir, Map<String, String> env, Clock clock) {
    DeploymentStore s = Stores.open(projectDir, env, clock);
    String where = s instanceof PostgresDeploymentStore pg ? "PostgreSQL " + pg.settings().where()
        : "files " + s.root();
    return new Verified(where, s.verifyAudit());
  }
}
