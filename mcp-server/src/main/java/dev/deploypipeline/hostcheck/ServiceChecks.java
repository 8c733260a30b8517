package dev.deploypipeline.hostcheck;

import dev.deploypipeline.compose.ComposeInputException;
import dev.deploypipeline.compose.ComposeReport;
import dev.deploypipeline.compose.ComposeRequest;
import dev.deploypipeline.compose.ComposeValidator;
import dev.deploypipeline.compose.Finding;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The checks that talk to other programs: dockerd, docker-compose, Caddy's admin API, systemd. */
final class ServiceChecks {
  private final Path projectDir;
  private final Map<String, String> env;
  private final HostProbes probes;

  ServiceChecks(Path projectDir, Map<String, String> env, HostProbes probes) {
    this.projectDir = projectDir;
    this.env = env;
    this.probes = probes;
  }

  Check docker(HostProbes.DockerStatus s, Hosting hosting) {
    boolean needed = hosting.composeFile() != null || hosting.services().stream().anyMatch(x -> !x.nativeUnit());
    if (s.reachable()) {
      return Check.ok(CheckKind.DOCKER.id, "daemon " + (s.version() == null ? "" : s.version() + " ") + "answers at "
          + s.endpoint());
    }
    String detail = "no daemon answers at " + s.endpoint() + ": " + s.error();
    String fix = "start it (`systemctl start docker`, or `dockerd` by hand), or point DOCKER_HOST at the daemon's "
        + "socket (e.g. unix:///run/docker.sock); `docker info` must answer";
    return needed ? Check.fail(CheckKind.DOCKER.id, detail, fix) : Check.skip(CheckKind.DOCKER.id, detail + " (no container to run)", fix);
  }

  /** Both validators: docker-compose itself (what will really load the file) and ours (what it does not catch). */
  Check compose(Hosting hosting) {
    if (hosting.composeFile() == null) {
      return Check.skip(CheckKind.COMPOSE_CONFIG.id, "no compose file (hosting.composeFile, or docker-compose.yml/compose.yaml "
          + "in the project)", "run `deployment-pipeline generate` to write one from the hosting section");
    }
    Path file = projectDir.resolve(hosting.composeFile());
    if (!Files.isRegularFile(file)) {
      return Check.fail(CheckKind.COMPOSE_CONFIG.id, hosting.composeFile() + " does not exist", "write it with "
          + "`deployment-pipeline generate`, or fix hosting.composeFile");
    }
    ComposeReport ours;
    try {
      ours = new ComposeValidator().validate(ComposeRequest.ofFiles(List.of(Path.of(hosting.composeFile())))
          .withBaseDir(projectDir).withEnvironment(Map.of()));
    } catch (ComposeInputException e) {
      return Check.fail(CheckKind.COMPOSE_CONFIG.id, e.getMessage(), "fix the file, then check again");
    }
    if (!ours.valid()) {
      String first = ours.findings().stream().filter(f -> f.severity() == dev.deploypipeline.compose.Severity.ERROR)
          .findFirst().map(Finding::render).orElse(ours.summary());
      return Check.fail(CheckKind.COMPOSE_CONFIG.id, "compose_validate: " + ours.summary() + "; first: " + first,
          "run `deployment-pipeline compose validate " + hosting.composeFile() + "` for every finding and its hint");
    }
    Optional<List<String>> tool = composeTool();
    if (tool.isEmpty()) {
      return Check.warn(CheckKind.COMPOSE_CONFIG.id, "compose_validate: " + ours.summary() + "; docker-compose is not installed,"
          + " so the file was not loaded by Compose itself", "apt-get install docker-compose (or the Compose v2 "
          + "plugin), then check again");
    }
    List<String> cmd = new ArrayList<>(tool.get());
    cmd.addAll(List.of("-f", file.toString(), "config", "-q"));
    Map<String, String> toolEnv = new LinkedHashMap<>();
    if (env.get("DOCKER_HOST") != null) toolEnv.put("DOCKER_HOST", env.get("DOCKER_HOST"));
    toolEnv.put("HOME", env.getOrDefault("HOME", "/tmp"));
    HostProbes.Result r = probes.tools().run(cmd, projectDir, toolEnv);
    // Named as a user types it (docker-compose, docker compose), not by the path it was found at.
    String name = Path.of(tool.get().get(0)).getFileName() + (tool.get().size() > 1 ? " compose" : "");
    if (r.exitCode() != 0) {
      return Check.fail(CheckKind.COMPOSE_CONFIG.id, name + " config refused " + hosting.composeFile() + ": "
          + r.output().strip(), "fix what it names; `" + name + " -f " + hosting.composeFile() + " config` shows "
          + "the file as Compose reads it");
    }
    return Check.ok(CheckKind.COMPOSE_CONFIG.id, name + " config and compose_validate accept " + hosting.composeFile() + " ("
        + ours.warningCount() + " warning(s) from compose_validate)");
  }

  /** Compose v1 ({@code docker-compose}) is what Debian ships; else the v2 plugin ({@code docker compose}). */
  private Optional<List<String>> composeTool() {
    Optional<Path> v1 = probes.tools().find("docker-compose");
    if (v1.isPresent()) return Optional.of(List.of(v1.get().toString()));
    Optional<Path> docker = probes.tools().find("docker");
    if (docker.isPresent()
        && probes.tools().run(List.of(docker.get().toString(), "compose", "version"), projectDir, Map.of())
            .exitCode() == 0) {
      return Optional.of(List.of(docker.get().toString(), "compose"));
    }
    return Optional.empty();
  }

  Check caddy(Hosting hosting) {
    if (hosting.caddyAdmin() == null) {
      return Check.skip(CheckKind.CADDY_ADMIN.id, "no Caddy in this project (no hosting.caddy and no Caddyfile)",
          "nothing to do unless a site should be served; then add hosting.caddy and run generate");
    }
    String admin = hosting.caddyAdmin();
    URI uri = URI.create("http://" + admin);
    if (!"127.0.0.1".equals(uri.getHost()) && !"localhost".equals(uri.getHost())) {
      return Check.fail(CheckKind.CADDY_ADMIN.id, "the admin API is configured on " + admin + ", not on loopback: whoever "
          + "reaches it can rewrite the proxy", "set hosting.caddy.admin (and the Caddyfile's global `admin` option) "
          + "to 127.0.0.1:2019, Caddy's default");
    }
    try {
      String config = probes.caddy().config(admin);
      return Check.ok(CheckKind.CADDY_ADMIN.id, "admin API answers at " + admin + " (" + config.strip().length()
          + " bytes of config)");
    } catch (IOException | IllegalArgumentException e) {
      return Check.fail(CheckKind.CADDY_ADMIN.id, "admin API at " + admin + ": " + e.getMessage(), "start Caddy (`systemctl "
          + "start caddy`, or `caddy run --config " + (hosting.caddyfile() == null ? "Caddyfile" : hosting.caddyfile())
          + " --adapter caddyfile`); if it runs, make its admin address match hosting.caddy.admin");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Check.fail(CheckKind.CADDY_ADMIN.id, "interrupted while asking " + admin, "check again");
    }
  }

  /** Unit state where systemd runs; elsewhere (a container, PID 1 some other init) one honest skip. */
  List<Check> systemd(Hosting hosting) {
    List<String> units = new ArrayList<>();
    for (Hosting.Service s : hosting.services()) if (s.nativeUnit()) units.add(hosting.unitOf(s));
    if (units.isEmpty()) {
      return List.of(Check.skip(CheckKind.SYSTEMD.id, "no native service in hosting.services (all run as containers)",
          "nothing to do"));
    }
    String pid1 = probes.systemd().pid1();
    if (!"systemd".equals(pid1)) {
      return List.of(Check.skip(CheckKind.SYSTEMD.id, "PID 1 is '" + pid1 + "', not systemd (a container or a minimal init): "
          + "the state of " + String.join(", ", units) + " cannot be checked on this host",
          "on the server itself, `systemctl status " + String.join(" ", units) + "`"));
    }
    List<Check> out = new ArrayList<>();
    for (String unit : units) {
      String state = probes.systemd().isActive(unit);
      String name = CheckKind.SYSTEMD.id + " " + unit;
      if ("active".equals(state)) out.add(Check.ok(name, "active"));
      else if ("inactive".equals(state)) out.add(Check.warn(name, "inactive (a first deploy starts it)",
          "`systemctl enable --now " + unit + "` if it should already run"));
      else out.add(Check.fail(name, state, "`systemctl status " + unit + "` and `journalctl -u " + unit
          + " -n 50` say why; fix it, then `systemctl restart " + unit + "`"));
    }
    return out;
  }
}
