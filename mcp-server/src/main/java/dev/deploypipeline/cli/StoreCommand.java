package dev.deploypipeline.cli;

import dev.deploypipeline.app.StoreChecks;
import dev.deploypipeline.app.StoreMigration;
import dev.deploypipeline.app.Stores;
import dev.deploypipeline.deploy.DeployException;
import dev.deploypipeline.store.pg.PgSettings;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code store migrate|verify}: move a project's file store into PostgreSQL (team mode); check a store's trail. */
@Command(name = "store", mixinStandardHelpOptions = true,
    description = "The deployment store: files under .claude/deployments, or PostgreSQL when "
        + "DEPLOY_PIPELINE_STORE_URL is set (team mode).",
    subcommands = {StoreCommand.Migrate.class, StoreCommand.Verify.class})
public final class StoreCommand {

  @Command(name = "migrate", mixinStandardHelpOptions = true,
      description = "Copy the project's file store (deployments and the audit trail, line for line) into "
          + "PostgreSQL, then verify the copy: its hash chain intact, as many lines, the same last hash. The user "
          + "and password come from DEPLOY_PIPELINE_STORE_USER and DEPLOY_PIPELINE_STORE_PASSWORD, the schema from "
          + "DEPLOY_PIPELINE_STORE_SCHEMA (default deployment_pipeline). A target that is not empty is refused "
          + "unless --force. Exit 0 copied and verified, 1 the copy failed, 2 bad arguments.")
  static final class Migrate implements Callable<Integer> {
    @Mixin ProjectOptions o;
    @Option(names = "--to", paramLabel = "JDBC_URL",
        description = "e.g. jdbc:postgresql://127.0.0.1:5432/deploy (default: $DEPLOY_PIPELINE_STORE_URL)")
    String to;
    @Option(names = "--force", description = "Replace what the target schema holds") boolean force;

    @Override
    public Integer call() {
      Map<String, String> env = new HashMap<>(System.getenv());
      if (to != null) env.put(PgSettings.URL_VAR, to);
      PgSettings target;
      try {
        target = PgSettings.fromEnvironment(env).orElseThrow(() -> new DeployException(
            DeployException.Kind.BAD_INPUT, "--to is required: no target database",
            "pass --to jdbc:postgresql://HOST:PORT/DATABASE, or set " + PgSettings.URL_VAR));
      } catch (IllegalArgumentException e) {
        throw new DeployException(DeployException.Kind.BAD_INPUT, "--to: " + e.getMessage(),
            "pass --to jdbc:postgresql://HOST:PORT/DATABASE");
      }
      StoreMigration.Report r = StoreMigration.fileToPostgres(o.projectDir(), target, force, Clock.systemUTC());
      if (o.json) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", r.from());
        body.put("to", r.to());
        body.put("deployments", r.deployments());
        body.put("auditLines", r.auditLines());
        body.put("replaced", r.replaced());
        body.put("auditHead", r.lastHash());
        body.put("verified", r.verification().intact());
        Render.json(System.out, body);
      } else {
        System.out.println("copied " + r.deployments() + " deployment(s) and " + r.auditLines() + " audit line(s) from "
            + r.from() + " to " + r.to() + (r.replaced() > 0 ? " (replacing " + r.replaced() + " row(s))" : ""));
        System.out.println("verified: the audit chain is intact in PostgreSQL and ends at the source's last hash "
            + r.lastHash());
        System.out.println("next: set " + PgSettings.URL_VAR + " (and the user and password variables) for every "
            + "server and CLI that should use it");
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Re-compute the audit trail's hash chain where it is stored (the files, or PostgreSQL when "
          + "DEPLOY_PIPELINE_STORE_URL is set). Exit 0 intact, 1 broken.")
  static final class Verify implements Callable<Integer> {
    @Mixin ProjectOptions o;

    @Override
    public Integer call() {
      Stores.settings(System.getenv()); // a malformed URL is reported before anything else
      StoreChecks.Verified v = StoreChecks.verify(o.projectDir(), System.getenv(), Clock.systemUTC());
      boolean ok = v.verification().intact();
      if (o.json) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("store", v.store());
        body.put("lines", v.verification().lines());
        body.put("intact", ok);
        body.put("auditHead", v.head());
        v.verification().problem().ifPresent(p -> body.put("problem", p));
        Render.json(System.out, body);
      } else {
        System.out.println("audit trail in " + v.store() + ": " + v.verification().lines() + " line(s), "
            + (ok ? "intact" : "BROKEN: " + v.verification().problem().orElse("")) + "; last hash " + v.head());
      }
      return ok ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }
}
