package dev.deploypipeline.deploy;

import dev.deploypipeline.compose.ComposeFacts;
import dev.deploypipeline.compose.ComposeInputException;
import dev.deploypipeline.compose.ComposeRequest;
import dev.deploypipeline.config.EnvironmentSpec;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.hostcheck.Hosting;
import dev.deploypipeline.hostcheck.HostingReader;
import dev.deploypipeline.rollbackplan.Irreversible;
import dev.deploypipeline.rollbackplan.PlanInput;
import dev.deploypipeline.router.CaddyAdmin;
import dev.deploypipeline.store.HistoryQuery;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.DeploymentSummary;
import dev.deploypipeline.workflow.Release;
import dev.deploypipeline.workflow.State;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Gathers a rollback plan's facts: what runs in the environment and what it replaced (the store: the same release the
 * pipeline's own rollback would restore), the Compose stack and Caddy config (the generated files, and the Caddyfile
 * as it was at the older commit), migration directories and what changed in them (git), and the health URLs.
 */
final class RollbackFacts {
  private final DeploymentService service;

  RollbackFacts(DeploymentService service) {
    this.service = service;
  }

  PlanInput gather(String environment, String toVersion) {
    PipelineConfig config = service.config();
    Path dir = service.projectDir();
    Hosting hosting;
    try {
      hosting = HostingReader.read(dir);
    } catch (IllegalArgumentException e) {
      throw new DeployException(DeployException.Kind.BAD_INPUT, e.getMessage(), NextStep.text("fix it in the config"));
    }
    List<DeploymentSummary> there = service.store().history(new HistoryQuery(config.service(), environment, null,
        null, Environments.LOOKBACK));
    DeploymentSummary now = there.stream().filter(s -> s.state() != State.ROLLED_BACK).findFirst().orElse(null);
    PlanInput.Release current = now == null ? null : new PlanInput.Release(now.id(), now.version(), now.commit());
    PlanInput.Release target = now == null ? null : target(environment, toVersion, now, there);
    EnvironmentSpec env = config.environment(environment);
    String command = env == null || env.rollback() == null ? null : env.rollback().command();
    PlanInput.Compose compose = compose(dir, hosting, environment, command, current);
    PlanInput.Caddy caddy = hosting.caddyAdmin() == null ? null : caddy(dir, hosting, target);
    List<String> migrationDirs = Irreversible.MIGRATION_DIRS.stream().filter(d -> Files.isDirectory(dir.resolve(d)))
        .toList();
    List<String> changed = migrationDirs.isEmpty() || current == null || target == null || current.commit() == null
        || target.commit() == null ? null : changed(dir, target.commit(), current.commit(), migrationDirs);
    List<String> health = new ArrayList<>();
    for (Hosting.Service s : hosting.services()) {
      if (s.port() != null && s.healthPath() != null) health.add("http://127.0.0.1:" + s.port() + s.healthPath());
    }
    if (env != null && env.healthCheck() != null && env.healthCheck().url() != null
        && !health.contains(env.healthCheck().url())) {
      health.add(env.healthCheck().url());
    }
    return new PlanInput(config.service(), environment, current, target, compose, caddy, migrationDirs, changed,
        health, command, dir.toString(), service.clock().instant());
  }

  /** {@code toVersion} if given (a version recorded there), else the release the current deployment replaced. */
  private PlanInput.Release target(String environment, String toVersion, DeploymentSummary now,
      List<DeploymentSummary> there) {
    if (toVersion != null) {
      DeploymentSummary s = there.stream().filter(x -> toVersion.equals(x.version())).findFirst()
          .orElseThrow(() -> new DeployException(DeployException.Kind.BAD_INPUT, "version " + toVersion + " was "
              + "never deployed to " + environment + " (recorded: " + String.join(", ", there.stream()
              .map(DeploymentSummary::version).distinct().toList()) + ")", NextStep.of("pick one of the recorded "
              + "versions ({0})", NextStep.Action.history(environment))));
      return new PlanInput.Release(s.id(), s.version(), s.commit());
    }
    Deployment d = service.store().find(now.id()).orElse(null);
    Release r = d == null ? null : d.releases().stream().filter(x -> environment.equals(x.environment()))
        .reduce((a, b) -> b).orElse(null);
    if (r != null && r.previousVersion() != null) {
      return new PlanInput.Release(r.previousDeploymentId(), r.previousVersion(), r.previousCommit());
    }
    if (r != null) return null; // recorded as the first release there
    // An old record without releases: the newest earlier deployment there that was not rolled back.
    return there.stream().dropWhile(s -> !s.id().equals(now.id())).skip(1)
        .filter(s -> s.state() != State.ROLLED_BACK).findFirst()
        .map(s -> new PlanInput.Release(s.id(), s.version(), s.commit())).orElse(null);
  }

  /** The environment's Compose target, or the project's compose file when no rollback command is configured. */
  private static PlanInput.Compose compose(Path dir, Hosting hosting, String environment, String command,
      PlanInput.Release current) {
    Map<?, ?> target = HostingReader.target(dir, environment);
    boolean composeTarget = "compose".equals(target.get("type"));
    if (!composeTarget && (command != null || hosting.composeFile() == null)) return null;
    String file = composeTarget && target.get("file") instanceof String f ? f : hosting.composeFile();
    if (file == null || !Files.isRegularFile(dir.resolve(file))) return null;
    String project = composeTarget && target.get("project") instanceof String p ? p : hosting.project();
    List<String> services = composeTarget && target.get("services") instanceof List<?> l
        ? l.stream().map(String::valueOf).toList() : List.of();
    try {
      ComposeFacts facts = ComposeFacts.load(ComposeRequest.ofFiles(List.of(Path.of(file))).withBaseDir(dir)
          .withEnvironment(current == null ? Map.of() : Map.of("TAG", current.version(), "VERSION",
              current.version())));
      return new PlanInput.Compose(file, project, services, facts);
    } catch (ComposeInputException e) {
      throw new DeployException(DeployException.Kind.BAD_INPUT, e.getMessage(), NextStep.text("fix " + file));
    }
  }

  private static PlanInput.Caddy caddy(Path dir, Hosting hosting, PlanInput.Release target) {
    String file = hosting.caddyfile();
    String previous = file == null || target == null || target.commit() == null ? null
        : Git.run(dir, "show", target.commit() + ":" + file);
    String current = null;
    if (file != null && Files.isRegularFile(dir.resolve(file))) {
      try {
        current = Files.readString(dir.resolve(file)).strip();
      } catch (IOException e) {
        current = null;
      }
    }
    long bytes = -1;
    String error = null;
    try {
      bytes = new CaddyAdmin(URI.create("http://" + hosting.caddyAdmin())).get("/config/").length();
    } catch (IOException | IllegalArgumentException e) {
      error = e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted";
    }
    return new PlanInput.Caddy(hosting.caddyAdmin(), file, previous, current, bytes, error);
  }

  private static List<String> changed(Path dir, String from, String to, List<String> dirs) {
    List<String> args = new ArrayList<>(List.of("diff", "--name-only", from, to, "--"));
    args.addAll(dirs);
    String out = Git.run(dir, args.toArray(String[]::new));
    if (out == null) return null;
    return out.isBlank() ? List.of() : Arrays.stream(out.split("\n")).map(String::strip).toList();
  }
}
