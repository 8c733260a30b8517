package dev.deploypipeline.cli;

import dev.deploypipeline.approval.Approver;
import dev.deploypipeline.deploy.AuditSignatures;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.Since;
import dev.deploypipeline.deploy.Views;
import dev.deploypipeline.store.AuditEntry;
import dev.deploypipeline.store.AuditVerification;
import dev.deploypipeline.store.HistoryQuery;
import dev.deploypipeline.workflow.Approval;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.State;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deploy …}: the CLI face of the service; every subcommand mirrors an MCP tool. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
    description = "Start, inspect, approve and roll back deployments of this project.",
    subcommands = {DeployCommand.Start.class, DeployCommand.Status.class, DeployCommand.Approve.class,
        DeployCommand.Reject.class, DeployCommand.Rollback.class, DeployCommand.History.class,
        DeployCommand.Audit.class, DeployCommand.Resume.class, ValidateCommand.class, PromoteCommand.class,
        DiffCommand.class})
public final class DeployCommand {

  static int finish(ProjectOptions o, DeploymentService s, Deployment d, boolean quiet) {
    Map<String, Object> view = Views.deployment(d, Clock.systemUTC(), CliVoice.INSTANCE);
    if (quiet) System.out.println(d.id());
    else if (o.json) Render.json(System.out, view);
    else Render.deployment(System.out, view);
    return d.state() == State.FAILED ? ExitCodes.FAILED : ExitCodes.OK;
  }

  @Command(name = "start",
      description = "Deploy SERVICE at BRANCH: validate, build, test, then each environment of the promotion path "
          + "(dev, staging, prod by default), stopping at the approval gate; or deploy --version to the one environment --env (no build stages; the version must have passed "
          + "the environments before it on the promotion path unless a human overrides with --override-promotion). "
          + "Progress goes to stderr. Exit 0 at the gate or when completed, 1 if it failed, 2 if nothing ran.")
  static final class Start implements Callable<Integer> {
    // By hand: mixinStandardHelpOptions would take --version for the tool's own version.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
    @Mixin ProjectOptions o;
    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE",
        description = "default: the service the project's config deploys") String service;
    @Parameters(index = "1", arity = "0..1", paramLabel = "BRANCH", description = "default: main") String branch;
    @Option(names = "--commit", description = "Exact commit to deploy (default: the branch head)") String commit;
    @Option(names = {"--env", "--environment"}, paramLabel = "ENV", description = "Deploy --version to this one "
        + "environment only") String environment;
    @Option(names = "--version", paramLabel = "VERSION", description = "With --env: a version a deployment "
        + "recorded, or a git tag v<VERSION> or <VERSION>") String version;
    @Option(names = "--override-promotion", paramLabel = "REASON", description = "With --env: deploy even though "
        + "the version skipped an earlier environment; needs a terminal (you type the version) or --sign; recorded")
    String reason;
    @Option(names = "--sign", paramLabel = "KEY", description = "Sign the override with this SSH private key")
    Path sign;
    @Option(names = {"-q", "--quiet"}, description = "Print only the deployment id on stdout") boolean quiet;

    @Override
    public Integer call() throws Exception {
      if (environment != null || version != null) {
        if (environment == null || version == null) {
          throw usage(this, "--env and --version go together: --env ENV --version VERSION deploys that version to "
              + "that environment");
        }
        if (branch != null || commit != null) {
          throw usage(this, "give BRANCH/--commit (a full run) or --env with --version (one environment), not both");
        }
        DeploymentService s = o.service(true);
        String svc = this.service != null ? this.service : o.configuredService(s);
        return PromoteCommand.run(o, s, s.promotions().plan(svc, environment, version), reason, sign, quiet);
      }
      if (reason != null || sign != null) {
        throw usage(this, "--override-promotion and --sign apply to --env with --version (a full run from a branch "
            + "passes every environment)");
      }
      String branch = this.branch != null ? this.branch : "main";
      DeploymentService s = o.service(true);
      String service = this.service != null ? this.service : o.configuredService(s);
      Deployment d = s.start(service, branch, commit, s.actor(), "cli");
      System.err.println("Started " + d.id() + ": " + service + "@" + d.version() + " (" + branch + ")");
      return finish(o, s, s.drive(d.id()), quiet);
    }
  }

  static picocli.CommandLine.ParameterException usage(Object command, String message) {
    return new picocli.CommandLine.ParameterException(new picocli.CommandLine(command), message);
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Show a deployment (stages, attempts, log tail, next step), or with no id the active and latest.")
  static final class Status implements Callable<Integer> {
    @Mixin ProjectOptions o;
    @Parameters(index = "0", arity = "0..1", paramLabel = "ID") String id;

    @Override
    public Integer call() {
      DeploymentService s = o.service(false);
      if (id != null) {
        Deployment d = s.get(id);
        if (!d.state().isTerminal()) {
          s.approvals().policy(d).warnings().forEach(w -> System.err.println("warning: " + w));
        }
        return finish(o, s, d, false);
      }
      Map<String, Object> view = Views.overview(s.overview(), CliVoice.INSTANCE);
      if (o.json) {
        Render.json(System.out, view);
      } else {
        System.out.println("Active:");
        Render.summaries(System.out, listOf(view.get("active")));
        System.out.println("Latest per service:");
        Render.summaries(System.out, listOf(((Map<?, ?>) view.get("latestPerService")).values()));
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "approve", mixinStandardHelpOptions = true,
      description = "Approve a deployment at the gate, then deploy prod in the foreground. At a terminal you "
          + "confirm by typing the deployment id and are recorded as your OS user; without a terminal (CI, "
          + "scripts) pass --sign with an SSH key listed in the allowed-signers file of your user policy.")
  static final class Approve implements Callable<Integer> {
    @Mixin ProjectOptions o;
    @Parameters(index = "0", paramLabel = "ID") String id;
    @Option(names = {"-m", "--comment"}, description = "Recorded in the audit trail") String comment;
    @Option(names = "--sign", paramLabel = "KEY", description = "Sign the approval with this SSH private key "
        + "(ssh-keygen -Y sign), e.g. ~/.ssh/id_ed25519") Path sign;
    @Option(names = "--no-wait", description = "Record the approval only; deploy prod later with `deploy resume`")
    boolean noWait;

    @Override
    public Integer call() throws Exception {
      DeploymentService s = o.service(true);
      Approver who = GateDecision.approver(s, id, Approval.APPROVE, sign);
      Deployment d = s.approvals().decide(id, Approval.APPROVE, who, comment);
      System.err.println("Approved " + id + " as " + who.actor() + " (" + who.method().id + ")");
      return finish(o, s, noWait ? d : s.drive(id), false);
    }
  }

  @Command(name = "reject", mixinStandardHelpOptions = true,
      description = "Reject a deployment at the gate; it ends as failed with your reason. When prod names "
          + "approvers, confirm at a terminal or pass --sign as for approve.")
  static final class Reject implements Callable<Integer> {
    @Mixin ProjectOptions o;
    @Parameters(index = "0", paramLabel = "ID") String id;
    @Option(names = {"-m", "--comment"}, required = true, description = "Why (recorded)") String comment;
    @Option(names = "--sign", paramLabel = "KEY", description = "Sign the rejection with this SSH private key")
    Path sign;

    @Override
    public Integer call() {
      DeploymentService s = o.service(false);
      Approver who = GateDecision.approver(s, id, Approval.REJECT, sign);
      finish(o, s, s.approvals().decide(id, Approval.REJECT, who, comment), false);
      return ExitCodes.OK;
    }
  }

  @Command(name = "rollback",
      description = "Roll a deployment back in every environment it touched, newest first; or, with --env and no "
          + "ID, roll that environment's newest deployment back (--version: any version recorded there).")
  static final class Rollback implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
    @Mixin ProjectOptions o;
    @Parameters(index = "0", paramLabel = "ID", arity = "0..1") String id;
    @Option(names = {"-r", "--reason"}, required = true, description = "Why (recorded)") String reason;
    @Option(names = {"--env", "--environment"}, description = "an environment of the config (dev, staging or prod by default)") String environment;
    @Option(names = {"--version", "--to-version"}, paramLabel = "VERSION", description = "a version recorded for "
        + "--env (--to-version is the older name)") String toVersion;

    @Override
    public Integer call() throws Exception {
      if (id == null && environment == null) {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
            "give a deployment ID, or --env to roll back that environment's newest deployment");
      }
      if (toVersion != null && environment == null) {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
            "--version needs --env (the environment to roll back to that version)");
      }
      DeploymentService s = o.service(true);
      finish(o, s, id != null ? s.rollback(id, reason, s.actor(), environment, toVersion)
          : s.rollbackEnvironment(environment, toVersion, reason, s.actor()), false);
      return ExitCodes.OK;
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true,
      description = "Take over a deployment whose driving process is gone, or continue after `approve --no-wait`.")
  static final class Resume implements Callable<Integer> {
    @Mixin ProjectOptions o;
    @Parameters(index = "0", paramLabel = "ID") String id;

    @Override
    public Integer call() throws Exception {
      DeploymentService s = o.service(true);
      return finish(o, s, s.resume(id), false);
    }
  }

  @Command(name = "history", mixinStandardHelpOptions = true,
      description = "Past deployments with per-stage durations, retries and approval wait, plus a summary with "
          + "DORA's four keys for the environment (prod unless --env) since --since (default the last 30 days).")
  static final class History implements Callable<Integer> {
    @Mixin ProjectOptions o;
    @Option(names = "--service") String service;
    @Option(names = {"--env", "--environment"}, description = "an environment of the config (dev, staging or prod by default)") String environment;
    @Option(names = "--state", description = "e.g. completed, failed, rolled-back") String state;
    @Option(names = "--since", paramLabel = "WHEN", description = "Started at or after WHEN: " + Since.FORMS)
    String since;
    @Option(names = "--limit", defaultValue = "20", description = "1-500 (default 20)") int limit;
    @Option(names = "--releases", description = "List releases (tagged, published) with the deployments of each "
        + "version instead; only --limit applies") boolean releases;

    @Override
    public Integer call() {
      if (limit < 1 || limit > 500) throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(this), "--limit must be from 1 to 500");
      if (releases) return ReleaseHistory.print(o, o.service(false), limit);
      State st = state == null ? null : State.fromId(state).orElseThrow(() ->
          new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
              "--state must be one of " + State.ids()));
      DeploymentService s = o.service(false);
      if (environment != null) s.requireEnvironment("--env", environment);
      Instant from = since == null ? null : Since.parse("--since", since, s.clock());
      var report = s.history(new HistoryQuery(service, environment, st, from, limit));
      Map<String, Object> view = Views.history(report);
      if (o.json) {
        Render.json(System.out, view);
      } else {
        Render.summaries(System.out, listOf(view.get("deployments")));
        System.out.println(Render.historySummary((Map<?, ?>) view.get("summary")));
        String dora = Render.doraSummary((Map<?, ?>) view.get("summary"));
        if (dora != null) System.out.println(dora);
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "audit", mixinStandardHelpOptions = true,
      description = "Print the audit trail (of one deployment, or all) and verify its hash chain; with --verify "
          + "also re-check every stored approval signature against the allowed-signers file. Exit 1 if any check "
          + "fails.")
  static final class Audit implements Callable<Integer> {
    @Mixin ProjectOptions o;
    @Parameters(index = "0", arity = "0..1", paramLabel = "ID") String id;
    @Option(names = "--verify", description = "Re-check stored SSH signatures too") boolean verify;

    @Override
    public Integer call() {
      DeploymentService s = o.service(false);
      List<AuditEntry> lines = s.audit(id);
      AuditVerification v = s.store().verifyAudit();
      List<AuditSignatures.Check> sigs = verify ? AuditSignatures.verify(lines, s.approvals().allowedSigners())
          : List.of();
      boolean sigsOk = sigs.stream().allMatch(AuditSignatures.Check::ok);
      if (o.json) {
        Map<String, Object> out = new java.util.LinkedHashMap<>(Map.of("entries", lines, "chainIntact", v.intact(),
            "lines", v.lines(), "problem", v.problem().orElse("")));
        if (verify) {
          out.put("signatures", sigs);
          out.put("signaturesValid", sigsOk);
        }
        Render.json(System.out, out);
        return v.intact() && sigsOk ? ExitCodes.OK : ExitCodes.FAILED;
      } else {
        for (AuditEntry e : lines) {
          System.out.printf("%4d %s %-8s %-20s %-18s %-18s %s%s%n", e.seq(), e.at(), e.deploymentId(), e.event(),
              e.from() == null ? "" : e.from() + " →", e.to() == null ? "" : e.to(), e.actor(),
              e.details().isEmpty() ? "" : "  " + Render.pairs(e.details()));
        }
        System.out.println(v.intact() ? "hash chain intact (" + v.lines() + " lines)"
            : "HASH CHAIN BROKEN: " + v.problem().orElse("?"));
        for (AuditSignatures.Check c : sigs) {
          System.out.println("line " + c.seq() + " " + c.deploymentId() + " " + c.event() + " signed by "
              + c.principal() + ": " + (c.ok() ? "signature valid" : "SIGNATURE INVALID: " + c.problem()));
        }
        if (verify && sigs.isEmpty()) System.out.println("no signed decisions to verify");
      }
      return v.intact() && sigsOk ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> listOf(Object o) {
    return o instanceof List<?> l ? (List<Map<String, Object>>) l : List.copyOf((java.util.Collection<Map<String, Object>>) o);
  }
}
