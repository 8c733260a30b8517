package dev.deploypipeline.cli;

import dev.deploypipeline.init.Initializer.Outcome;
import dev.deploypipeline.init.Setup;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** {@code setup}: the pipeline config with a hosting section, asked for at a terminal (see {@link Setup}). */
@Command(name = "setup", mixinStandardHelpOptions = true,
    description = {"Write .claude/deployment-config.json with a hosting section for a self-hosted server.",
        "It reads the project's Compose file, Dockerfile (EXPOSE), systemd units, Caddyfile and build files. At a "
        + "terminal it asks for the service name and domain and shows the result before writing; elsewhere (or "
        + "with --non-interactive) it takes them from the options.",
        "An existing config keeps its stages and environments and gains the hosting section, but is only "
        + "replaced with --force; setup shows the diff instead.",
        "Next: deployment-pipeline generate writes docker-compose.yml, the Caddyfile and the systemd units.",
        "Exit 0 written, unchanged or a dry run; 2 not written (the config exists and differs, bad arguments, "
        + "or declined)."})
final class SetupCommand implements Callable<Integer> {
  @Mixin ProjectOptions o;
  @Option(names = "--service", paramLabel = "NAME", description = "Service name (default: the config's, or the directory's name)")
  String service;
  @Option(names = "--domain", paramLabel = "DOMAIN",
      description = "Sites are <subdomain>.DOMAIN (default: <service>.localhost, which binds to loopback only)")
  String domain;
  @Option(names = "--format", paramLabel = "json|yaml", description = "Format of a new config file (default: json)")
  String format = "json";
  @Option(names = "--force", description = "Replace an existing config")
  boolean force;
  @Option(names = "--dry-run", description = "Show what would be written; write nothing")
  boolean dryRun;
  @Option(names = "--non-interactive", description = "Ask nothing, even at a terminal (agents, scripts)")
  boolean nonInteractive;
  @Spec CommandSpec spec;
  private PrintWriter out, err;

  @Override
  public Integer call() {
    out = spec.commandLine().getOut();
    err = spec.commandLine().getErr();
    Setup.Format fmt;
    try {
      fmt = Setup.Format.valueOf(format.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return fail("--format " + format + ": must be json or yaml", null);
    }
    Setup setup = new Setup(System::getenv);
    boolean ask = !nonInteractive && !o.json && !dryRun && Terminal.interactive();
    try {
      if (ask) {
        Setup.Result draft = setup.run(o.projectDir(), new Setup.Options(service, domain, fmt, force, true));
        service = Terminal.ask("Service name", draft.service());
        domain = Terminal.ask("Domain (sites are <subdomain>.<domain>)",
            domain != null ? domain : Setup.defaultDomain(service));
        Setup.Result plan = setup.run(o.projectDir(), new Setup.Options(service, domain, fmt, force, true));
        show(plan);
        if (plan.outcome() == Outcome.UNCHANGED) return ExitCodes.OK;
        if (plan.outcome() == Outcome.WOULD_REPLACE && !force) return refuse(plan);
        if (!Terminal.yes("Write " + plan.file() + "?")) return fail("nothing written", null);
      }
      Setup.Result r = setup.run(o.projectDir(), new Setup.Options(service, domain, fmt, force, dryRun));
      if (o.json) {
        out.println(JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsString(r.toMap()));
        return r.outcome() == Outcome.WOULD_REPLACE && !dryRun ? ExitCodes.USAGE : ExitCodes.OK;
      }
      if (!ask) show(r);
      if (r.outcome() == Outcome.WOULD_REPLACE && !dryRun) return refuse(r);
      if (dryRun) out.println("dry run: nothing written");
      else if (r.outcome() == Outcome.UNCHANGED) out.println(r.file() + " already says this; nothing to do");
      else out.println((r.outcome() == Outcome.REPLACED ? "replaced " : "wrote ") + r.file());
      out.println("next: deployment-pipeline generate" + (r.hosting() == null ? " (after adding hosting.services)" : "")
          + ", then deployment-pipeline deploy validate " + r.service() + " --env dev");
      return ExitCodes.OK;
    } catch (IllegalArgumentException e) {
      return fail(e.getMessage(), "deployment-pipeline setup --help");
    }
  }

  @SuppressWarnings("unchecked")
  private void show(Setup.Result r) {
    out.println("found: " + (r.found().isEmpty() ? "nothing to build or run" : String.join(", ", r.found())));
    if (r.hosting() == null) {
      out.println("hosting: none (no Compose file, Dockerfile or systemd unit says how it runs)");
    } else {
      out.println("hosting: project " + r.hosting().get("project") + ", domain " + r.hosting().get("domain"));
      ((Map<String, Map<String, Object>>) r.hosting().get("services")).forEach((name, s) -> out.println("  " + name
          + ": " + (s.containsKey("native") ? "native " + ((Map<String, Object>) s.get("native")).get("exec")
          : "image " + s.get("image")) + (s.get("port") != null ? ", port " + s.get("port") : "")
          + (s.get("subdomain") != null ? ", site " + s.get("subdomain") + "." + r.hosting().get("domain") : "")));
    }
    r.diff().forEach(out::println);
  }

  private int refuse(Setup.Result r) {
    return fail(r.file() + " exists and differs (diff above); nothing written",
        "deployment-pipeline setup --force replaces it");
  }

  private int fail(String error, String next) {
    err.println("error: " + error);
    if (next != null) err.println("next: " + next);
    return ExitCodes.USAGE;
  }
}
