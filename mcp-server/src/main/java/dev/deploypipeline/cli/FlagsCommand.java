package dev.deploypipeline.cli;

import dev.deploypipeline.app.App;
import dev.deploypipeline.approval.Approver;
import dev.deploypipeline.deploy.DeployException;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.FeatureFlags;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code flags list|enable|disable|rollout}: the CLI faces of {@link FeatureFlags}, the service behind
 * {@code flags_list} and {@code flags_set}. Here a human can be verified: turning a flag on in a gated environment
 * asks the OS user at a real terminal to type the flag's name, as the prod gate asks for the deployment id.
 */
@Command(name = "flags", mixinStandardHelpOptions = true, description = "List and change feature flags (Unleash).",
    subcommands = {FlagsCommand.ListFlags.class, FlagsCommand.Enable.class, FlagsCommand.Disable.class,
        FlagsCommand.Rollout.class})
public final class FlagsCommand {
  static final String CHANNEL = "cli";

  static FeatureFlags flags(DeploymentService s) {
    return new FeatureFlags(s, App.flagProviders(System.getenv()), Clock.systemUTC());
  }

  static int print(ProjectOptions o, FeatureFlags.Outcome r) {
    if (r.failed()) throw new DeployException(DeployException.Kind.BAD_INPUT, r.error(), r.nextStep());
    if (o.json) {
      Render.json(System.out, r.view());
      return ExitCodes.OK;
    }
    System.out.println(r.text());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> all = r.view().containsKey("flags") ? (List<Map<String, Object>>) r.view().get("flags")
        : List.of(r.view());
    for (Map<String, Object> f : all) {
      StringBuilder line = new StringBuilder("  " + f.get("name"));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> envs = (List<Map<String, Object>>) f.get("environments");
      for (Map<String, Object> e : envs) {
        Object name = e.getOrDefault("environment", e.get("unleashEnvironment"));
        line.append("  ").append(name).append('=').append(Boolean.TRUE.equals(e.get("enabled"))
            ? "on" + (e.get("rolloutPercent") == null ? "" : " " + e.get("rolloutPercent") + "%") : "off");
      }
      System.out.println(line);
    }
    return ExitCodes.OK;
  }

  /** The approver of a change: the OS user at a real terminal who typed the flag's name, else nobody verified. */
  static Approver approver(DeploymentService s, FeatureFlags flags, String flag, String env, String what) {
    if (!flags.gated(env) || !Terminal.interactive()) return Approver.unverified(s.actor(), CHANNEL);
    Approver me = flags.atTerminal(CHANNEL);
    String summary = "Turning feature flag " + flag + " " + what + " in " + env + ", which is behind the approval "
        + "gate.\nYou are " + me.actor() + " (OS user at this terminal).";
    if (!Terminal.confirmTyping(summary, flag, "go ahead", "the flag's name")) {
      throw new DeployException(DeployException.Kind.NEEDS_HUMAN, "not changed: the name typed at the terminal did "
          + "not match " + flag, "run it again and type " + flag + " exactly");
    }
    return me;
  }

  static final class EnvOption {
    @Option(names = {"-e", "--env"}, required = true, paramLabel = "ENV", description = "an environment of the config, e.g. prod")
    String env;

    String checked() {
      if (!dev.deploypipeline.workflow.State.ENVIRONMENT_NAME_PATTERN.matcher(env).matches()) {
        throw new DeployException(DeployException.Kind.BAD_INPUT, "--env: '" + env + "' is not an environment name",
            "pass one of our environments; flags.environments maps it to Unleash's");
      }
      return env;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the project's flags and their state per environment.")
  static final class ListFlags implements Callable<Integer> {
    @Mixin ProjectOptions o;

    @Override
    public Integer call() {
      return print(o, flags(o.service(false)).list());
    }
  }

  abstract static class Change implements Callable<Integer> {
    @Mixin ProjectOptions o;
    @Mixin EnvOption env;
    @Parameters(index = "0", paramLabel = "FLAG", description = "The flag's name") String flag;

    abstract FeatureFlags.Action action();

    Integer percent() {
      return null;
    }

    @Override
    public Integer call() {
      if (!flag.matches("[A-Za-z0-9_.~-]{1,100}")) {
        throw new DeployException(DeployException.Kind.BAD_INPUT, "FLAG: '" + flag + "' is not a flag name",
            "pass the name flags list shows");
      }
      DeploymentService s = o.service(false);
      FeatureFlags flags = flags(s);
      String e = s.requireEnvironment("--env", env.checked());
      Approver who = action() == FeatureFlags.Action.DISABLE ? Approver.unverified(s.actor(), CHANNEL)
          : approver(s, flags, flag, e, action() == FeatureFlags.Action.ROLLOUT ? "to " + percent() + " %" : "on");
      return print(o, flags.set(new FeatureFlags.Change(flag, e, action(), percent(), who, CHANNEL)));
    }
  }

  @Command(name = "enable", mixinStandardHelpOptions = true, description = "Turn a flag on in one environment "
      + "(a gated one asks you to type the flag's name at a terminal).")
  static final class Enable extends Change {
    @Override
    FeatureFlags.Action action() {
      return FeatureFlags.Action.ENABLE;
    }
  }

  @Command(name = "disable", mixinStandardHelpOptions = true, description = "Turn a flag off in one environment.")
  static final class Disable extends Change {
    @Override
    FeatureFlags.Action action() {
      return FeatureFlags.Action.DISABLE;
    }
  }

  @Command(name = "rollout", mixinStandardHelpOptions = true, description = "Set a flag's gradual rollout in one "
      + "environment to PERCENT (flexibleRollout) and turn it on there.")
  static final class Rollout extends Change {
    @Parameters(index = "1", paramLabel = "PERCENT", description = "0 to 100") int pct;

    @Override
    FeatureFlags.Action action() {
      return FeatureFlags.Action.ROLLOUT;
    }

    @Override
    Integer percent() {
      if (pct < 0 || pct > 100) {
        throw new CommandLine.ParameterException(new CommandLine(this), "PERCENT must be from 0 to 100");
      }
      return pct;
    }
  }
}
