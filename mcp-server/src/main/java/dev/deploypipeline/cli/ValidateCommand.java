package dev.deploypipeline.cli;

import dev.deploypipeline.deploy.Preflight;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deploy validate SERVICE --env ENV}: the pre-deploy checklist (mirrors deploy_validate). */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check that SERVICE can be deployed to ENV: config, required variables (names only), health URL "
        + "(advisory), no active deployment, window open, git ref exists. Exit 0 when ready, 1 when a blocking "
        + "check fails.")
final class ValidateCommand implements Callable<Integer> {
  @Mixin ProjectOptions o;
  @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE",
      description = "default: the service the project's config deploys") String service;
  @Option(names = {"--env", "--environment"}, required = true, description = "dev, staging or prod") String env;
  @Option(names = "--branch", defaultValue = "main", description = "default: main") String branch;
  @Option(names = "--commit", description = "Exact commit instead of the branch") String commit;

  @Override
  public Integer call() {
    if (!List.of("dev", "staging", "prod").contains(env)) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
          "--env must be dev, staging or prod");
    }
    var s = o.service(false);
    String service = this.service != null ? this.service : o.configuredService(s);
    Preflight.Report r = s.validate(service, env, commit != null ? commit : branch);
    if (o.json) {
      Render.json(System.out, r.view());
    } else {
      for (Preflight.Check c : r.checks()) Render.check(System.out, c);
      System.out.println(r.passed() ? "ready to deploy " + service + " to " + env : "NOT ready");
    }
    return r.passed() ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
