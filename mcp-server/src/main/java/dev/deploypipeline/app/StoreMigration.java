package dev.deploypipeline.app;

import dev.deploypipeline.store.AuditVerification;
import dev.deploypipeline.store.FileDeploymentStore;
import dev.deploypipeline.store.HistoryQuery;
import dev.deploypipeline.store.StoreException;
import dev.deploypipeline.store.StoreRules;
import dev.deploypipeline.store.pg.PgImport;
import dev.deploypipeline.store.pg.PgSettings;
import dev.deploypipeline.store.pg.PostgresDeploymentStore;
import dev.deploypipeline.workflow.Deployment;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * {@code store migrate}: copies a project's file store into PostgreSQL, the audit trail line for line so its hash
 * chain stays intact, and then proves it: the copy's chain verifies, with as many lines and the same last hash as
 * the source. A source whose own chain is broken is refused (run {@code doctor} first); so is a non-empty target
 * unless {@code replace}.
 */
public final class StoreMigration {
  private StoreMigration() {}

  public record Report(String from, String to, long deployments, long auditLines, long replaced, String lastHash,
      AuditVerification verification) {}

  public static Report fileToPostgres(Path projectDir, PgSettings to, boolean replace, Clock clock) {
    FileDeploymentStore source = new FileDeploymentStore(Stores.localDir(projectDir), clock);
    AuditVerification before = source.verifyAudit();
    if (!before.intact()) {
      throw new StoreException("the audit trail of " + source.root() + " does not verify ("
          + before.problem().orElse("") + "), so a copy would carry the break",
          "run `deployment-pipeline doctor` and settle the trail before migrating", null);
    }
    List<byte[]> lines = StoreRules.auditLines(source);
    List<String> ids = source.history(HistoryQuery.all(Integer.MAX_VALUE)).stream().map(s -> s.id()).toList();
    Iterable<Deployment> deployments = () -> ids.stream().map(source::find).flatMap(Optional::stream).iterator();
    try (PostgresDeploymentStore target = PostgresDeploymentStore.open(to, source.root(), clock)) {
      PgImport.Result r = PgImport.copy(target, deployments, lines, StoreRules.lastIssuedId(source), replace);
      AuditVerification after = target.verifyAudit();
      String sourceHash = lines.isEmpty() ? StoreRules.GENESIS : StoreRules.parseLine(lines.get(lines.size() - 1)).hash();
      String targetHash = target.auditHead();
      if (!after.intact() || after.lines() != lines.size() || !sourceHash.equals(targetHash)
          || r.deployments() != ids.size()) {
        throw new StoreException("the copy in " + to.where() + " does not match the source (" + r.deployments() + " of "
            + ids.size() + " deployments, " + after.lines() + " of " + lines.size() + " audit lines, chain "
            + (after.intact() ? "intact" : after.problem().orElse("broken")) + ")",
            "run `deployment-pipeline store migrate --force` again, and report it if it recurs", null);
      }
      return new Report(source.root().toString(), to.where(), r.deployments(), r.auditLines(), r.replaced(),
          targetHash, after);
    }
  }
}
