package dev.deploypipeline.cli;

import dev.deploypipeline.approval.EffectivePolicy;
import dev.deploypipeline.deploy.Approvals;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.Preflight;
import java.util.LinkedHashMap;
import java.util.Map;
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
  @Option(names = {"--env", "--environment"}, required = true, description = "an environment of the config (dev, staging or prod by default)") String env;
  @Option(names = "--branch", defaultValue = "main", description = "default: main") String branch;
  @Option(names = "--commit", description = "Exact commit instead of the branch") String commit;

  @Override
  public Integer call() {
    DeploymentService s = o.service(false);
    s.requireEnvironment("--env", env);
    String service = this.service != null ? this.service : o.configuredService(s);
    String ref = commit != null ? commit : branch;
    Preflight.Report r = s.validate(service, env, ref);
    EffectivePolicy policy = s.approvals().policyForRef(service, ref);
    if (o.json) {
      Map<String, Object> view = new LinkedHashMap<>(r.view());
      view.put("approvalPolicy", Approvals.view(policy));
      Render.json(System.out, view);
    } else {
      policy.warnings().forEach(w -> System.out.printf("%-4s %-12s %s%n", "warn", "policy", w));
      for (Preflight.Check c : r.checks()) Render.check(System.out, c);
      System.out.println(r.passed() ? "ready to deploy " + service + " to " + env : "NOT ready");
    }
    return r.passed() ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
