package dev.deploypipeline.cli;

import dev.deploypipeline.store.FileDeploymentStore;
import dev.deploypipeline.store.StoreDoctor;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code doctor [--repair]}: check the store, its index and the audit chain; repair what is safe. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = "Check this project's deployment store: writable, no half-applied transaction in the journal, "
        + "every record readable (or its backup), the index in agreement with the records, the audit hash chain "
        + "intact. --repair applies a half-applied transaction, restores damaged records from their backups and "
        + "rebuilds the index; a broken audit chain is only reported. "
        + "Exit 0 healthy (after repairs), 1 problems remain.")
public final class DoctorCommand implements Callable<Integer> {
  @Mixin ProjectOptions o;
  @Option(names = "--repair", description = "Apply a half-applied journal entry, restore records from backups, rebuild the index") boolean repair;

  @Override
  public Integer call() {
    StoreDoctor.Report r = new StoreDoctor(FileDeploymentStore.forProject(o.projectDir())).examine(repair);
    if (o.json) {
      Render.json(System.out, Map.of("store", r.store().toString(), "deployments", r.deployments(),
          "healthy", r.healthy(), "findings", r.findings()));
    } else {
      System.out.println("store " + r.store() + " (" + r.deployments() + " deployment(s))");
      for (StoreDoctor.Finding f : r.findings()) {
        System.out.println((f.ok() ? "  ok       " : f.repaired() ? "  REPAIRED " : "  PROBLEM  ") + f.check()
            + ": " + f.message());
      }
      System.out.println(r.healthy() ? "healthy" : "problems remain" + (repair ? "" : " (try --repair)"));
    }
    return r.healthy() ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
