package dev.deploypipeline.cli;

import dev.deploypipeline.approval.Approver;
import dev.deploypipeline.deploy.DeployException;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.RollbackPlans;
import dev.deploypipeline.rollbackplan.RollbackPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rollback-plan}: the plan as markdown and a script; {@code --execute} runs it through the pipeline. */
@Command(name = "rollback-plan", mixinStandardHelpOptions = true,
    description = "Plan a rollback of one environment from the deployment history and the generated files: the "
        + "version to go back to (what the current deployment replaced, or --to-version), the image tags before and "
        + "after, the Caddy config (the Caddyfile at the older commit, or the live config saved first), what cannot "
        + "be rolled back (named volumes, migrations), the steps in order and how to verify. Prints markdown; "
        + "--script prints the bash script; --output DIR writes both. --execute rolls back through the pipeline "
        + "(audited, health-checked); behind the approval gate (prod) it asks you to type the environment's name "
        + "at a terminal.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:planned (or executed)", "1:nothing to roll back to, or the rollback failed",
        "2:bad arguments, unknown version, or no verified human for --execute", "3:internal error"})
public final class RollbackPlanCommand implements Callable<Integer> {
  static final String CHANNEL = "cli";

  @Mixin ProjectOptions o;
  @Option(names = {"--env", "--environment"}, paramLabel = "ENV", defaultValue = "prod",
      description = "dev, staging or prod (default: prod)") String environment;
  @Option(names = "--to-version", paramLabel = "VERSION",
      description = "A version recorded for the environment (default: the one the current deployment replaced)")
  String toVersion;
  @Option(names = "--script", description = "Print only the bash script") boolean scriptOnly;
  @Option(names = {"-o", "--output"}, paramLabel = "DIR",
      description = "Write rollback-<env>.md and rollback-<env>.sh (executable) into DIR") Path output;
  @Option(names = "--execute", description = "Roll back through the pipeline now") boolean execute;
  @Option(names = {"-r", "--reason"}, description = "Why (recorded; required with --execute)") String reason;

  @Override
  public Integer call() throws Exception {
    if (execute && (reason == null || reason.isBlank())) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--execute needs --reason (it is recorded)");
    }
    DeploymentService s = o.service(execute);
    RollbackPlans plans = new RollbackPlans(s);
    RollbackPlan plan = plans.plan(environment, toVersion);
    if (output != null) write(plan);
    if (execute) {
      return DeployCommand.finish(o, s, plans.execute(plan, reason, approver(s, plans, plan)), false);
    }
    if (o.json) Render.json(System.out, plan.toMap());
    else System.out.print(scriptOnly ? plan.script() : plan.markdown());
    return plan.possible() ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private void write(RollbackPlan plan) throws IOException {
    Path dir = o.project == null ? output : o.projectDir().resolve(output);
    Files.createDirectories(dir);
    Path md = dir.resolve("rollback-" + environment + ".md");
    Path sh = dir.resolve("rollback-" + environment + ".sh");
    Files.writeString(md, plan.markdown());
    Files.writeString(sh, plan.script());
    Files.setPosixFilePermissions(sh, PosixFilePermissions.fromString("rwxr-xr-x"));
    System.err.println("wrote " + md + " and " + sh);
  }

  /** Behind the gate: the OS user at a real terminal who typed the environment's name; else nobody verified. */
  private static Approver approver(DeploymentService s, RollbackPlans plans, RollbackPlan plan) {
    String env = plan.environment();
    if (!plan.possible() || !plans.gated(env) || !Terminal.interactive()) return Approver.unverified(s.actor(), CHANNEL);
    Approver me = plans.atTerminal(plan, CHANNEL);
    String summary = "Rolling " + plan.service() + " back in " + env + ": " + plan.from().version() + " -> "
        + plan.to().version() + ", through the pipeline.\n" + String.join("\n", plan.irreversible().stream()
        .map(i -> "cannot be undone: " + i.kind() + " " + i.name()).toList()) + "\nYou are " + me.actor()
        + " (OS user at this terminal).";
    if (!Terminal.confirmTyping(summary, env, "roll back", "the environment's name")) {
      throw new DeployException(DeployException.Kind.NEEDS_HUMAN, "not rolled back: the name typed at the terminal "
          + "did not match " + env, "run it again and type " + env + " exactly");
    }
    return me;
  }
}
