package dev.deploypipeline.cli;

import dev.deploypipeline.init.Initializer;
import dev.deploypipeline.init.StarterConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** {@code init}: a starter .claude/deployment-config.json for the project (see {@link Initializer}). */
@Command(name = "init", mixinStandardHelpOptions = true,
    description = {"Write a starter .claude/deployment-config.json for this project from its build files.",
        "It reads pom.xml, build.gradle, package.json, go.mod, Cargo.toml, Makefile, Dockerfile and compose.yaml, "
        + "and passes validation at once; steps the files cannot tell (such as how to deploy without Compose) "
        + "fail with a TODO naming the key to edit.",
        "An existing config is never replaced without --force; init shows the diff instead.",
        "Exit 0 written or unchanged, 2 not written (the config exists and differs, or bad arguments)."})
final class InitCommand implements Callable<Integer> {
  @Mixin ProjectOptions o;
  @Option(names = "--service", paramLabel = "NAME", description = "Service name (default: the directory's name)")
  String service;
  @Option(names = "--force", description = "Replace an existing .claude/deployment-config.json")
  boolean force;
  @Spec CommandSpec spec;
  private PrintWriter out, err;

  @Override
  public Integer call() {
    out = spec.commandLine().getOut();
    err = spec.commandLine().getErr();
    Initializer.Result r;
    try {
      r = new Initializer(System::getenv).run(o.projectDir(), service, force);
    } catch (IllegalArgumentException e) {
      return fail(e.getMessage(), null);
    }
    if (o.json) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("outcome", r.outcome().name().toLowerCase(java.util.Locale.ROOT));
      view.put("file", r.file().toString());
      view.put("service", r.service());
      view.put("found", r.scan().found());
      view.put("config", r.config());
      view.put("diff", String.join("\n", r.diff()));
      out.println(JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsString(view));
      return r.outcome() == Initializer.Outcome.WOULD_REPLACE ? ExitCodes.USAGE : ExitCodes.OK;
    }
    r.diff().forEach(out::println);
    switch (r.outcome()) {
      case WOULD_REPLACE -> {
        return fail(r.file() + " exists and differs from the starter (diff above); nothing written",
            "deployment-pipeline init --force replaces it");
      }
      case UNCHANGED -> out.println(r.file() + " already is the starter config; nothing to do");
      default -> out.println((r.outcome() == Initializer.Outcome.REPLACED ? "replaced " : "wrote ") + r.file()
          + " for service " + r.service());
    }
    out.println("found: " + (r.scan().found().isEmpty() ? "no build files" : String.join(", ", r.scan().found())));
    List<String> todo = todos(r.config());
    if (!todo.isEmpty()) out.println("edit: " + String.join(", ", todo) + " (they fail with a TODO until set)");
    out.println("next: deployment-pipeline deploy validate " + r.service() + " --env dev");
    return ExitCodes.OK;
  }

  private int fail(String error, String next) {
    err.println("error: " + error);
    if (next != null) err.println("next: " + next);
    return ExitCodes.USAGE;
  }

  /** The JSON paths whose command is still a TODO step. */
  @SuppressWarnings("unchecked")
  private static List<String> todos(Map<String, Object> config) {
    List<String> paths = new ArrayList<>();
    ((Map<String, Map<String, Object>>) config.get("stages")).forEach((k, v) -> {
      if (StarterConfig.isTodo(v.get("command"))) paths.add("stages." + k + ".command");
    });
    ((Map<String, Map<String, Object>>) config.get("environments")).forEach((k, v) -> {
      if (StarterConfig.isTodo(((Map<String, Object>) v.get("deploy")).get("command"))) {
        paths.add("environments." + k + ".deploy.command");
      }
    });
    return paths;
  }
}
