package dev.deploypipeline.cli;

import dev.deploypipeline.approval.Approver;
import dev.deploypipeline.approval.ChangePayload;
import dev.deploypipeline.approval.SshSignatures;
import dev.deploypipeline.config.EnvironmentEdits;
import dev.deploypipeline.deploy.DeployException;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.EnvironmentCatalog;
import dev.deploypipeline.deploy.EnvironmentChanges;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code env show|create|delete}: environments in the config file (the side of {@link EnvCommand} that is not about
 * env files). Deleting a production environment asks the human at a real terminal to type its name, or takes an
 * SSH signature ({@code --sign}), as the prod gate does.
 */
final class EnvConfigCommands {
  static final String CHANNEL = "cli";

  private EnvConfigCommands() {}

  static int printView(ProjectOptions o, Map<String, Object> view, String text) {
    if (o.json) Render.json(System.out, view);
    else System.out.println(text);
    return ExitCodes.OK;
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "One environment: type, url, what deploys "
      + "it, its place on the promotion path, approval, variable and secret names, its env file, its config section "
      + "as written, and the version running there.")
  static final class Show implements Callable<Integer> {
    @Mixin ProjectOptions o;
    @Parameters(index = "0", paramLabel = "ENV") String environment;

    @Override
    public Integer call() {
      DeploymentService s = o.service(false);
      Map<String, Object> view = new EnvironmentCatalog(s, System.getenv()).show(environment);
      return printView(o, view, text(view));
    }

    static String text(Map<String, Object> v) {
      StringBuilder sb = new StringBuilder();
      for (String k : List.of("environment", "type", "url", "deploysBy", "strategy", "router", "step", "parallelWith",
          "requiresApproval", "approvers", "variableNames", "secretNames", "file", "keys", "encrypted")) {
        if (v.get(k) != null) sb.append(String.format("%-17s %s%n", k, v.get(k)));
      }
      Object current = v.get("current");
      sb.append(String.format("%-17s %s%n", "running", current instanceof Map<?, ?> c ? c.get("version") + " ("
          + c.get("deploymentId") + ")" : "nothing yet"));
      sb.append("config:\n").append(Render.jsonText(v.get("config")).indent(2));
      return sb.toString().stripTrailing();
    }
  }

  static final class Placement {
    @Option(names = "--after", paramLabel = "ENV", description = "A new step on the promotion path after ENV's")
    String after;
    @Option(names = "--parallel-with", paramLabel = "ENV", description = "Join ENV's step (deployed in parallel "
        + "with it)")
    String parallelWith;
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Add environment ENV to the config "
      + "file, checked exactly as loading checks it (nothing is written when it is invalid). Without --after or "
      + "--parallel-with it is off the promotion path (deploy it with --env).")
  static final class Create implements Callable<Integer> {
    @Mixin ProjectOptions o;
    @Parameters(index = "0", paramLabel = "ENV", description = "a lowercase name, e.g. qa or prod-eu") String name;
    @Option(names = "--type", required = true, paramLabel = "TYPE", description = "development, staging or "
        + "production (production environments wait for approval)") String type;
    @Option(names = "--url", paramLabel = "URL", description = "Where the environment answers (http or https)")
    String url;
    @ArgGroup(exclusive = true) Placement where = new Placement();
    @Option(names = "--from-json", paramLabel = "FILE", description = "The environment's other keys (deploy, "
        + "target, variables, …) as a JSON object; - reads standard input") String fromJson;

    @Override
    public Integer call() {
      Map<String, Object> section = fromJson == null ? Map.of() : section(fromJson);
      DeploymentService s = o.service(false);
      Map<String, Object> view = new EnvironmentChanges(s, System.getenv()).create(new EnvironmentChanges.Create(
          name, type, url, section, new EnvironmentEdits.Placement(where.after, where.parallelWith)), s.actor(),
          CHANNEL);
      return printView(o, view, "created " + name + " (" + view.get("type") + ")"
          + (view.get("step") == null ? ", off the promotion path" : ", step " + view.get("step")
          + " of the promotion path") + "\n" + Show.text(view));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> section(String source) {
      String text;
      try {
        text = "-".equals(source) ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
            : Files.readString(o.projectDir().resolve(source));
      } catch (IOException e) {
        throw new DeployException(DeployException.Kind.BAD_INPUT, "--from-json: cannot read " + source + ": "
            + e.getMessage(), "pass a readable JSON file, or - for standard input");
      }
      try {
        Object v = JsonMapper.shared().readValue(text, Object.class);
        if (v instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new DeployException(DeployException.Kind.BAD_INPUT, "--from-json: must be a JSON object (the "
            + "environment's keys), not " + (v instanceof List ? "a list" : "a single value"),
            "pass e.g. {\"deploy\": {\"command\": \"scripts/deploy.sh\"}}");
      } catch (JacksonException e) {
        throw new DeployException(DeployException.Kind.BAD_INPUT, "--from-json: not valid JSON: "
            + e.getOriginalMessage(), "pass e.g. {\"deploy\": {\"command\": \"scripts/deploy.sh\"}}");
      }
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Remove environment ENV from the config "
      + "file and the promotion path; refused while a deployment is active there. A production environment needs "
      + "you at a terminal (type its name) or --sign. Its env files stay.")
  static final class Delete implements Callable<Integer> {
    @Mixin ProjectOptions o;
    @Parameters(index = "0", paramLabel = "ENV") String name;
    @Option(names = "--sign", paramLabel = "KEY", description = "Sign the deletion with this SSH private key "
        + "(listed in the allowed-signers file) instead of typing the name at a terminal") Path sign;

    @Override
    public Integer call() {
      DeploymentService s = o.service(false);
      EnvironmentChanges changes = new EnvironmentChanges(s, System.getenv());
      Map<String, Object> out = changes.delete(name, approver(s, changes));
      return printView(o, out, "deleted " + name + " (" + out.get("type") + ", by " + out.get("deletedBy") + ", "
          + out.get("verifiedBy") + "); promotion path now " + out.get("path") + "\n" + out.get("note"));
    }

    private Approver approver(DeploymentService s, EnvironmentChanges changes) {
      if (!changes.production(name)) return Approver.unverified(s.actor(), CHANNEL);
      if (sign != null) {
        ChangePayload p = changes.payload(name);
        String signature;
        try {
          signature = SshSignatures.sign(sign, p.text());
        } catch (SshSignatures.SignatureException e) {
          throw new DeployException(DeployException.Kind.BAD_INPUT, e.getMessage(), "pass a readable SSH private "
              + "key (ssh-keygen -t ed25519 makes one) listed in your allowed-signers file");
        }
        return changes.signed(name, p.text(), signature, CHANNEL);
      }
      if (!Terminal.interactive()) return Approver.unverified(s.actor(), CHANNEL);
      Approver me = changes.atTerminal(CHANNEL);
      String summary = "Deleting " + name + ", a production environment: its config section, its place on the "
          + "promotion path and its approval gate go with it.\nYou are " + me.actor() + " (OS user at this terminal).";
      if (!Terminal.confirmTyping(summary, name, "delete it", "the environment's name")) {
        throw new DeployException(DeployException.Kind.NEEDS_HUMAN, "not deleted: the name typed at the terminal "
            + "did not match " + name, "run it again and type " + name + " exactly");
      }
      return me;
    }
  }
}
