package dev.deploypipeline.approval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The user's own approval policy, outside any project, so that nothing in a working tree can weaken it:
 * {@code ~/.config/deployment-pipeline/policy.json} (home from the password database, not {@code $HOME}), plus the
 * file {@code DEPLOY_PIPELINE_POLICY} names, if set. Both apply (the stricter of each rule), and the home file's
 * {@code allowedSignersFile} wins, so the variable can add rules and, where the home file names none, the
 * signers, but never loosen them. A file that exists but cannot be read or parsed fails closed.
 */
public record UserPolicy(List<Path> sources, Map<String, Object> home, Map<String, Object> extra,
    Path allowedSigners, Path homeSigners) {
  public static final String ENV = "DEPLOY_PIPELINE_POLICY";
  private static final Set<String> TOP = Set.of("allowedSignersFile", "environments", "services");
  private static final Set<String> GATE = Set.of("requiresApproval", "approvers", "preventSelfApproval");

  public static Path defaultDir(Path userHome) {
    return userHome.resolve(".config").resolve("deployment-pipeline");
  }

  public static UserPolicy load(Map<String, String> env, Path userHome) {
    Path homeFile = defaultDir(userHome).resolve("policy.json");
    List<Path> sources = new ArrayList<>();
    Map<String, Object> home = Files.isRegularFile(homeFile) ? read(homeFile) : Map.of();
    if (!home.isEmpty() || Files.isRegularFile(homeFile)) sources.add(homeFile);
    Map<String, Object> extra = Map.of();
    String named = env.get(ENV);
    Path extraFile = null;
    if (named != null && !named.isBlank()) {
      extraFile = Path.of(named).toAbsolutePath().normalize();
      if (!Files.isRegularFile(extraFile)) {
        throw new PolicyException(ENV + ": " + extraFile + " does not exist; unset " + ENV + " or create the file");
      }
      extra = read(extraFile);
      sources.add(extraFile);
    }
    Path homeSigners = signersOf(home, homeFile);
    if (homeSigners == null && Files.isRegularFile(defaultDir(userHome).resolve("allowed_signers"))) {
      homeSigners = defaultDir(userHome).resolve("allowed_signers");
    }
    Path signers = signersOf(home, homeFile);
    if (signers == null && extraFile != null) signers = signersOf(extra, extraFile);
    if (signers == null) signers = homeSigners;
    return new UserPolicy(List.copyOf(sources), home, extra, signers, homeSigners);
  }

  /**
   * The signers file that may satisfy {@code gate}. An approvers list names people, so only the home directory's
   * signers file may say which keys are theirs: a file named through {@code DEPLOY_PIPELINE_POLICY} is whatever
   * the caller's environment says, and an agent with a shell can write one listing its own key under an approver's
   * name. Without a list any verified human will do, so the variable's file serves (the non-interactive demo).
   */
  public Path signersFor(GatePolicy gate) {
    return gate.approvers().isEmpty() ? allowedSigners : homeSigners;
  }

  /** Why {@link #signersFor} passed over the variable's signers file for {@code gate}; null when it did not. */
  public String ignoredSigners(GatePolicy gate) {
    if (gate.approvers().isEmpty() || allowedSigners == null || allowedSigners.equals(homeSigners)) return null;
    return "ignored: the allowedSignersFile of " + ENV + " (" + allowedSigners + ") cannot vouch for an approvers "
        + "list; list the approvers' keys in ~/.config/deployment-pipeline/allowed_signers (or the home "
        + "policy.json's allowedSignersFile)";
  }

  /** The user's rules for one service's environment: null when no file says anything about it. */
  public GatePolicy gate(String service, String environment) {
    GatePolicy g = null;
    for (Map<String, Object> tree : List.of(home, extra)) {
      GatePolicy all = gateAt(tree.get("environments"), environment);
      GatePolicy one = gateAt(sub(sub(tree.get("services")).get(service)).get("environments"), environment);
      for (GatePolicy p : new GatePolicy[] {all, one}) {
        if (p != null) g = g == null ? p : g.stricter(p);
      }
    }
    return g;
  }

  private static GatePolicy gateAt(Object environments, String environment) {
    Object e = sub(environments).get(environment);
    if (!(e instanceof Map<?, ?> m)) return null;
    boolean required = m.get("requiresApproval") instanceof Boolean b ? b
        : dev.deploypipeline.config.EnvironmentSpec.PRODUCTION.equals(
            dev.deploypipeline.config.EnvironmentSpec.typeByName(environment));
    List<String> approvers = m.get("approvers") instanceof List<?> l ? l.stream().map(String::valueOf).toList()
        : List.of();
    return new GatePolicy(required, approvers, Boolean.TRUE.equals(m.get("preventSelfApproval")));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> sub(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static Path signersOf(Map<String, Object> tree, Path file) {
    if (!(tree.get("allowedSignersFile") instanceof String s) || s.isBlank()) return null;
    String expanded = s.startsWith("~/") ? System.getProperty("user.home") + s.substring(1) : s;
    return file.getParent().resolve(expanded).toAbsolutePath().normalize();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> read(Path file) {
    Object tree;
    try {
      tree = new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromString(Files.readString(file));
    } catch (IOException | YamlEngineException e) {
      throw new PolicyException(file + ": cannot be read as JSON: " + e.getMessage().strip());
    }
    if (!(tree instanceof Map<?, ?> m)) throw new PolicyException(file + ": must be a JSON object");
    List<String> problems = new ArrayList<>();
    m.keySet().stream().filter(k -> !TOP.contains(k)).forEach(k -> problems.add(k + ": unknown key (allowed: "
        + TOP + ")"));
    checkEnvironments(m.get("environments"), "environments", problems);
    sub(m.get("services")).forEach((svc, v) -> {
      sub(v).keySet().stream().filter(k -> !"environments".equals(k))
          .forEach(k -> problems.add("services." + svc + "." + k + ": unknown key (allowed: environments)"));
      checkEnvironments(sub(v).get("environments"), "services." + svc + ".environments", problems);
    });
    if (!problems.isEmpty()) throw new PolicyException(file + ": " + String.join("; ", problems));
    return (Map<String, Object>) m;
  }

  private static void checkEnvironments(Object o, String path, List<String> problems) {
    sub(o).forEach((env, v) -> {
      if (!(v instanceof Map<?, ?> m)) {
        problems.add(path + "." + env + ": must be an object");
        return;
      }
      m.forEach((k, val) -> {
        if (!GATE.contains(k)) problems.add(path + "." + env + "." + k + ": unknown key (allowed: " + GATE + ")");
        else if ("approvers".equals(k) ? !(val instanceof List) : !(val instanceof Boolean)) {
          problems.add(path + "." + env + "." + k + ": must be " + ("approvers".equals(k) ? "a list of principals"
              : "true or false"));
        }
      });
    });
  }

  /** A policy file that exists but is wrong: nothing is approved until it is fixed. */
  public static final class PolicyException extends RuntimeException {
    public PolicyException(String message) {
      super(message);
    }
  }
}
