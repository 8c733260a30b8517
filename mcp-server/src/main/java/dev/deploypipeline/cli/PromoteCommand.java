package dev.deploypipeline.cli;

import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.Promotion;
import dev.deploypipeline.workflow.Deployment;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deploy promote --from ENV}: what runs in ENV goes to the next step of the promotion path. */
@Command(name = "promote", mixinStandardHelpOptions = true,
    description = "Promote the version running in --from to the next step of the promotion path (a parallel group "
        + "such as prod-eu + prod-us goes as one step), without the build stages. The version must have passed "
        + "every environment before that step; a human at a terminal (or --sign) may override that with "
        + "--override-promotion REASON (audited). Exit 0 at the gate or when completed, 1 if it failed, 2 if "
        + "nothing ran.")
final class PromoteCommand implements Callable<Integer> {
  @Mixin ProjectOptions o;
  @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE",
      description = "default: the service the project's config deploys") String service;
  @Option(names = "--from", required = true, paramLabel = "ENV", description = "The environment whose running "
      + "version is promoted, e.g. staging") String from;
  @Option(names = "--override-promotion", paramLabel = "REASON", description = "Deploy even though the version "
      + "skipped an earlier environment; needs a terminal (you type the version) or --sign; recorded") String reason;
  @Option(names = "--sign", paramLabel = "KEY", description = "Sign the override with this SSH private key "
      + "(listed in the allowed-signers file of your user policy)") Path sign;
  @Option(names = {"-q", "--quiet"}, description = "Print only the deployment id on stdout") boolean quiet;

  @Override
  public Integer call() throws Exception {
    DeploymentService s = o.service(true);
    String svc = service != null ? service : o.configuredService(s);
    return run(o, s, s.promotions().planFrom(svc, from), reason, sign, quiet);
  }

  /** Starts {@code p} (with the override the human gave, if needed) and drives it in the foreground. */
  static int run(ProjectOptions o, DeploymentService s, Promotion p, String reason, Path sign, boolean quiet)
      throws InterruptedException {
    var override = PromotionDecision.override(s, p, reason, sign);
    Deployment d = s.promotions().start(p, s.actor(), PromotionDecision.CHANNEL, override);
    System.err.println("Started " + d.id() + ": " + p.service() + "@" + d.version() + " to " + p.target()
        + (p.from() == null ? "" : " (promoted from " + p.from() + ")") + (override == null ? ""
        : "; promotion guard overridden by " + override.approver().actor()));
    return DeployCommand.finish(o, s, s.drive(d.id()), quiet);
  }
}
