package dev.deploypipeline.cli;

import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.notify.DeliveryResult;
import dev.deploypipeline.notify.NotificationConfigException;
import dev.deploypipeline.notify.NotificationChannels;
import dev.deploypipeline.notify.NotifyTester;
import dev.deploypipeline.store.AuditRecord;
import dev.deploypipeline.workflow.RetryPolicy;
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
 * {@code deployment-pipeline notify test --channel slack|teams|email [--project DIR]}: sends a test message with
 * the project's config and this environment. Exit 0 delivered, 1 not delivered, 2 config or usage problem.
 */
@Command(name = "notify", description = "Check the notification channels.", mixinStandardHelpOptions = true,
    subcommands = NotifyCommand.Test.class)
public final class NotifyCommand implements Callable<Integer> {
  public static final int DELIVERED = 0;
  public static final int NOT_DELIVERED = 1;
  public static final int CONFIG_ERROR = 2;

  public enum Channel { slack, teams, email }

  final Function<Path, PipelineConfig> loader;
  final Map<String, String> env;
  final Sleeper sleeper;
  final Clock clock;
  final Consumer<AuditRecord> audit;

  @Spec CommandSpec spec;

  /** For the real CLI: {@code loader} loads and validates the config of a project directory. */
  public NotifyCommand(Function<Path, PipelineConfig> loader, Map<String, String> env) {
    this(loader, env, Sleeper.REAL, Clock.systemUTC(), r -> {});
  }

  public NotifyCommand(Function<Path, PipelineConfig> loader, Map<String, String> env, Sleeper sleeper, Clock clock,
      Consumer<AuditRecord> audit) {
    this.loader = loader;
    this.env = Map.copyOf(env);
    this.sleeper = sleeper;
    this.clock = clock;
    this.audit = audit;
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

    @Option(names = "--channel", required = true, description = "slack, teams or email")
    Channel channel;

    @Mixin ProjectOptions o;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      PipelineConfig config;
      try {
        config = parent.loader.apply(o.projectDir());
      } catch (RuntimeException e) {
        err.println("config: " + NotificationChannels.redactor(null, parent.env).redact(String.valueOf(e.getMessage())));
        err.flush();
        return CONFIG_ERROR;
      }
      RetryPolicy policy = config == null ? RetryPolicy.DEFAULT : config.retryOrDefault().toPolicy();
      NotifyTester tester = new NotifyTester(parent.env, policy, parent.sleeper, parent.clock, parent.audit);
      try {
        DeliveryResult r = tester.test(config == null ? null : config.notifications(), channel.name(),
            config == null ? null : config.service());
        if (r.delivered()) {
          out.println(r.channel() + ": delivered (" + r.attempts() + " attempt" + (r.attempts() == 1 ? "" : "s") + ")");
        } else {
          out.println(r.channel() + ": NOT delivered after " + r.attempts() + " attempt"
              + (r.attempts() == 1 ? "" : "s") + " (" + r.status() + "): " + r.error());
        }
        out.flush();
        return r.delivered() ? DELIVERED : NOT_DELIVERED;
      } catch (NotificationConfigException e) {
        e.errors().forEach(err::println);
        err.flush();
        return CONFIG_ERROR;
      }
    }
  }
}
