package dev.deploypipeline.cli;

import dev.deploypipeline.app.App;
import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.deploy.Identity;
import dev.deploypipeline.deploy.NotifyTests;
import dev.deploypipeline.notify.DeliveryResult;
import dev.deploypipeline.store.AuditRecord;
import dev.deploypipeline.workflow.Sleeper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code deployment-pipeline notify test --channel slack|teams|email|jira [--project DIR]}: sends a test message with
 * the project's config and this environment. Exit 0 delivered, 1 not delivered, 2 config or usage problem.
 */
@Command(name = "notify", description = "Check the notification channels.", mixinStandardHelpOptions = true,
    subcommands = NotifyCommand.Test.class)
public final class NotifyCommand implements Callable<Integer> {
  public static final int DELIVERED = 0;
  public static final int NOT_DELIVERED = 1;
  public static final int CONFIG_ERROR = 2;

  public enum Channel { slack, teams, email, jira }

  final Function<Path, PipelineConfig> loader;
  final Map<String, String> env;
  final Sleeper sleeper;
  final Clock clock;
  final Function<Path, Consumer<AuditRecord>> auditFor;

  @Spec CommandSpec spec;

  /**
   * For the real CLI: loads the project's config (without checking the channels not being tested) and audits in
   * the project's store, as the MCP tool does.
   */
  public NotifyCommand(Map<String, String> env) {
    this.loader = p -> new ConfigLoader(env).withoutChannelChecks().load(p);
    this.env = Map.copyOf(env);
    this.sleeper = Sleeper.REAL;
    this.clock = Clock.systemUTC();
    this.auditFor = p -> {
      var store = App.service(p, env, clock, sleeper, java.util.List.of()).store();
      return r -> store.write(w -> w.audit(r));
    };
  }

  public NotifyCommand(Function<Path, PipelineConfig> loader, Map<String, String> env, Sleeper sleeper, Clock clock,
      Consumer<AuditRecord> audit) {
    this.loader = loader;
    this.env = Map.copyOf(env);
    this.sleeper = sleeper;
    this.clock = clock;
    this.auditFor = p -> audit;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CONFIG_ERROR;
  }

  @Command(name = "test", mixinStandardHelpOptions = true,
      description = "Send a test message to one channel and report whether it was delivered.")
  static final class Test implements Callable<Integer> {
    @ParentCommand NotifyCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--channel", required = true, description = "slack, teams, email or jira")
    Channel channel;

    @Mixin ProjectOptions o;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Path dir = o.projectDir();
      NotifyTests.Outcome outcome = new NotifyTests(() -> parent.loader.apply(dir), parent.env, parent.sleeper,
          parent.clock, r -> parent.auditFor.apply(dir).accept(r)).test(channel.name(), Identity.resolve(parent.env,
          dir), "cli");
      if (outcome.result() == null) {
        if (o.json) {
          Render.json(System.out, Map.of("error", String.join("; ", outcome.errors()),
              "nextStep", "fix the notifications section of .claude/deployment-config.json, then test again"));
        } else {
          outcome.errors().forEach(err::println);
          err.flush();
        }
        return CONFIG_ERROR;
      }
      DeliveryResult r = outcome.result();
      if (o.json) {
        Map<String, Object> view = new java.util.LinkedHashMap<>();
        view.put("channel", r.channel());
        view.put("delivered", r.delivered());
        view.put("attempts", r.attempts());
        if (!r.delivered()) {
          view.put("status", r.status());
          view.put("error", r.error());
        }
        Render.json(System.out, view);
        return r.delivered() ? DELIVERED : NOT_DELIVERED;
      }
      String attempts = r.attempts() + " attempt" + (r.attempts() == 1 ? "" : "s");
      out.println(r.delivered() ? r.channel() + ": delivered (" + attempts + ")"
          : r.channel() + ": NOT delivered after " + attempts + " (" + r.status() + "): " + r.error());
      out.flush();
      return r.delivered() ? DELIVERED : NOT_DELIVERED;
    }
  }
}
