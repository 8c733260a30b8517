package dev.deploypipeline.cli;

import dev.deploypipeline.deploy.Preflight;
import dev.deploypipeline.deploy.Readiness;
import dev.deploypipeline.store.FileDeploymentStore;
import dev.deploypipeline.store.StoreDoctor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code doctor [--repair]}: check this machine and the project, then the store; repair what is safe. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = "Check that this machine can run the project's pipeline: Java 17 or later, the config valid, git "
        + "and bash on PATH, the program or project script each stage command starts with (on PATH, or existing "
        + "and executable), and the loopback ports of the health URLs (free, or answering). Then check the "
        + "deployment store: writable, no half-applied transaction in the journal, every record readable (or its "
        + "backup), the index in agreement with the records, the audit hash chain intact. --repair applies a "
        + "half-applied transaction, restores damaged records from their backups and rebuilds the index; a broken "
        + "audit chain is only reported. Exit 0 healthy (after repairs), 1 problems remain.")
public final class DoctorCommand implements Callable<Integer> {
  @Mixin ProjectOptions o;
  @Option(names = "--repair", description = "Apply a half-applied journal entry, restore records from backups, rebuild the index") boolean repair;

  @Override
  public Integer call() {
    List<Preflight.Check> machine = new Readiness(o.projectDir(), System.getenv()).checks();
    boolean ready = machine.stream().allMatch(c -> c.ok() || !c.blocking());
    StoreDoctor.Report r = new StoreDoctor(FileDeploymentStore.forProject(o.projectDir())).examine(repair);
    boolean healthy = ready && r.healthy();
    if (o.json) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("checks", machine.stream().map(c -> Map.<String, Object>of("check", c.check(), "ok", c.ok(),
          "detail", c.detail(), "blocking", c.blocking())).toList());
      body.put("store", r.store().toString());
      body.put("deployments", r.deployments());
      body.put("findings", r.findings());
      body.put("healthy", healthy);
      Render.json(System.out, body);
    } else {
      for (Preflight.Check c : machine) Render.check(System.out, c);
      System.out.println("store " + r.store() + " (" + r.deployments() + " deployment(s))");
      for (StoreDoctor.Finding f : r.findings()) {
        System.out.println((f.ok() ? "  ok       " : f.repaired() ? "  REPAIRED " : "  PROBLEM  ") + f.check()
            + ": " + f.message());
      }
      System.out.println(healthy ? "healthy" : "problems remain" + (repair || r.healthy() ? "" : " (try --repair)"));
    }
    return healthy ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
