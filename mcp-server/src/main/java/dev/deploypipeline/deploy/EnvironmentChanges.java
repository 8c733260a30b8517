package dev.deploypipeline.deploy;

import static dev.deploypipeline.deploy.DeployException.Kind.BAD_INPUT;
import static dev.deploypipeline.deploy.DeployException.Kind.BUSY;
import static dev.deploypipeline.deploy.DeployException.Kind.CONFIG;
import static dev.deploypipeline.deploy.DeployException.Kind.GUARD;
import static dev.deploypipeline.deploy.DeployException.Kind.NEEDS_HUMAN;

import dev.deploypipeline.approval.AllowedSigners;
import dev.deploypipeline.approval.ApprovalRules;
import dev.deploypipeline.approval.Approver;
import dev.deploypipeline.approval.ChangePayload;
import dev.deploypipeline.approval.EffectivePolicy;
import dev.deploypipeline.approval.OsUser;
import dev.deploypipeline.approval.SshSignatures;
import dev.deploypipeline.config.ConfigDocument;
import dev.deploypipeline.config.ConfigException;
import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.config.EnvironmentEdits;
import dev.deploypipeline.config.EnvironmentSpec;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.store.AuditRecord;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.DeploymentSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Creating and deleting environments in the project's config file: each edit is validated exactly as loading the
 * config is (nothing is written when it fails) and audited. Deleting refuses while a deployment is active there;
 * deleting a production environment needs a verified human (a terminal or an SSH signature) whom that
 * environment's gate accepts, because it removes the gate with it.
 */
public final class EnvironmentChanges {
  public static final String CREATED = "ENVIRONMENT_CREATED";
  public static final String DELETED = "ENVIRONMENT_DELETED";
  public static final String REFUSED = "ENVIRONMENT_CHANGE_REFUSED";
  static final String DELETE = "delete";
  static final Duration MAX_SIGNATURE_AGE = Duration.ofMinutes(15);

  /** What a new environment is: its name, type, url, other keys, and its place on the path. */
  public record Create(String name, String type, String url, Map<String, Object> section,
      EnvironmentEdits.Placement where) {}

  private final DeploymentService service;
  private final Map<String, String> env;

  public EnvironmentChanges(DeploymentService service, Map<String, String> env) {
    this.service = service;
    this.env = env;
  }

  /** Adds the environment and returns how {@code env show} sees it afterwards. */
  public Map<String, Object> create(Create c, String actor, String channel) {
    ConfigDocument doc = document();
    Map<String, Object> tree = doc.tree();
    edit(() -> EnvironmentEdits.create(tree, c.name(), c.type(), c.url(), c.section(), c.where()));
    PipelineConfig config = save(doc, tree);
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("environment", c.name());
    facts.put("type", config.environment(c.name()).typeOrDefault(c.name()));
    if (c.url() != null) facts.put("url", c.url());
    facts.put("path", config.promotionPath());
    facts.put("channel", channel);
    audit(actor, CREATED, facts);
    return new EnvironmentCatalog(service, env).show(c.name());
  }

  /** Whether deleting {@code name} needs a verified human: its type is production. */
  public boolean production(String name) {
    EnvironmentSpec spec = service.config().environment(name);
    if (spec == null) throw unknown(name, service.config());
    return "production".equals(spec.typeOrDefault(name));
  }

  /**
   * Removes the environment's section and its place on the path; its env files stay (they may hold the only copy
   * of its settings). Returns what was done.
   */
  public Map<String, Object> delete(String name, Approver approver) {
    PipelineConfig before = service.config();
    EnvironmentSpec spec = before.environment(name);
    if (spec == null) throw unknown(name, before);
    String type = spec.typeOrDefault(name);
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("environment", name);
    facts.put("type", type);
    facts.put("channel", approver.channel());
    facts.put("verifiedBy", approver.method().id);
    if ("production".equals(type)) verifiedHuman(before, name, spec, approver, facts);
    List<String> active = activeIn(name);
    if (!active.isEmpty()) {
      refuse(approver, facts, "activeDeployment", "deployment " + String.join(", ", active) + " is active in " + name);
      throw new DeployException(BUSY, "cannot delete " + name + ": deployment " + String.join(", ", active)
          + " is still active there", "wait for it to finish, or reject or roll it back, then delete " + name);
    }
    ConfigDocument doc = document();
    Map<String, Object> tree = doc.tree();
    boolean onPath = edit(() -> EnvironmentEdits.delete(tree, name));
    PipelineConfig after = save(doc, tree);
    facts.put("path", after.promotionPath());
    facts.putAll(approver.evidence());
    audit(approver.actor(), DELETED, facts);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("deleted", name);
    out.put("type", type);
    out.put("wasOnPath", onPath);
    out.put("path", after.promotionPath());
    out.put("deletedBy", approver.actor());
    out.put("verifiedBy", approver.method().id);
    out.put("file", service.projectDir().relativize(doc.file()).toString());
    out.put("note", "env files (.env." + name + "…) and past deployments are kept");
    return out;
  }

  /** The OS user at this terminal, verified as that user and its allowed-signers aliases (as at the gate). */
  public Approver atTerminal(String channel) {
    String user = OsUser.name();
    return new Approver(user, Approver.Method.TERMINAL, AllowedSigners.aliases(service.approvals().allowedSigners(),
        user), channel, Map.of("osUser", user));
  }

  /** What an approver signs to delete {@code name} now. */
  public ChangePayload payload(String name) {
    return new ChangePayload(service.config().service(), name, DELETE, service.clock().instant(),
        UUID.randomUUID().toString());
  }

  /** Checks a signature over {@code payloadText}; the evidence lets the audit trail be checked again later. */
  public Approver signed(String name, String payloadText, String signature, String channel) {
    java.nio.file.Path signers = service.approvals().allowedSigners();
    try {
      ChangePayload p = ChangePayload.parse(payloadText);
      Instant now = service.clock().instant();
      String config = service.config().service();
      if (!name.equals(p.environment()) || !DELETE.equals(p.action())
          || (config != null && !config.equals(p.service()))) {
        throw new IllegalArgumentException("the signed change is to " + p.action() + " " + p.environment() + " of "
            + p.service() + ", not to delete " + name);
      }
      if (p.signedAt().isBefore(now.minus(MAX_SIGNATURE_AGE)) || p.signedAt().isAfter(now.plus(Duration.ofMinutes(2)))) {
        throw new IllegalArgumentException("the signature was made at " + p.signedAt() + ", outside the "
            + MAX_SIGNATURE_AGE.toMinutes() + " minutes a signature stays valid");
      }
      SshSignatures.Verified v = SshSignatures.verify(signers, payloadText, signature);
      Map<String, Object> evidence = new LinkedHashMap<>();
      evidence.put("principal", v.principal());
      if (v.fingerprint() != null) evidence.put("key", v.fingerprint());
      evidence.put("allowedSignersFile", String.valueOf(signers));
      evidence.put("signedPayload", payloadText);
      evidence.put("signature", signature);
      return new Approver(v.principal(), Approver.Method.SSH_SIGNATURE, new HashSet<>(v.principals()), channel,
          evidence);
    } catch (IllegalArgumentException | SshSignatures.SignatureException e) {
      Map<String, Object> facts = Map.of("environment", name, "channel", channel, "verifiedBy", "ssh-signature");
      refuse(Approver.unverified(service.actor(), channel), new LinkedHashMap<>(facts), "signature", e.getMessage());
      throw new DeployException(GUARD, "signature refused: " + e.getMessage(), "sign it again now with a key listed "
          + "in the allowed-signers file: deployment-pipeline env delete " + name + " --sign ~/.ssh/id_ed25519");
    }
  }

  private void verifiedHuman(PipelineConfig config, String name, EnvironmentSpec spec, Approver a,
      Map<String, Object> facts) {
    String terminal = "deployment-pipeline env delete " + name;
    if (!a.method().identifies) {
      refuse(a, facts, "verifiedHuman", "deleting production environment " + name + " needs a verified human");
      throw new DeployException(NEEDS_HUMAN, "deleting " + name + " (a production environment) needs a verified "
          + "human: a person at a terminal or an SSH signature; " + describe(a.method()) + " proves nobody",
          "a human runs `" + terminal + "` in a terminal (and types " + name + "), or signs it: `" + terminal
              + " --sign ~/.ssh/id_ed25519`");
    }
    EffectivePolicy policy = service.approvals().policy(config.service(), name,
        Git.resolveCommit(service.projectDir(), "HEAD"), spec);
    var v = ApprovalRules.check(policy.gate(), a, "approve", "delete " + name, Set.of());
    if (v.isPresent()) {
      refuse(a, facts, v.get().rule(), v.get().reason());
      throw new DeployException(GUARD, "not deleted: " + v.get().reason(), "an approver of " + name + " runs `"
          + terminal + " --sign ~/.ssh/id_ed25519` with a key listed for them in the allowed-signers file");
    }
  }

  private static String describe(Approver.Method m) {
    return m == Approver.Method.MCP_ACCEPT ? "an accepted form" : "a request without a terminal or signature";
  }

  /** Ids of active deployments whose route reaches {@code name}. */
  private List<String> activeIn(String name) {
    return service.store().active().stream().map(DeploymentSummary::id)
        .filter(id -> service.store().find(id).map(d -> reaches(d, name)).orElse(false)).toList();
  }

  static boolean reaches(Deployment d, String name) {
    return d.routeOrDefault().steps().stream().anyMatch(s -> s.environments().contains(name));
  }

  private ConfigDocument document() {
    try {
      return ConfigDocument.read(service.projectDir());
    } catch (ConfigException e) {
      throw new DeployException(CONFIG, e.getMessage(), "create the config first (`deployment-pipeline init`)");
    }
  }

  private PipelineConfig save(ConfigDocument doc, Map<String, Object> tree) {
    try {
      return doc.save(tree, new ConfigLoader(env));
    } catch (ConfigException e) {
      throw new DeployException(CONFIG, "not saved, the config would be invalid: " + e.getMessage(),
          "correct the values named above and run it again; " + doc.file().getFileName() + " is unchanged");
    }
  }

  private static <T> T edit(java.util.function.Supplier<T> change) {
    try {
      return change.get();
    } catch (EnvironmentEdits.EditException e) {
      throw new DeployException(BAD_INPUT, e.getMessage(), e.nextStep());
    }
  }

  private static void edit(Runnable change) {
    edit(() -> {
      change.run();
      return null;
    });
  }

  static DeployException unknown(String name, PipelineConfig config) {
    return new DeployException(DeployException.Kind.NOT_FOUND, "no environment '" + name + "'; configured: "
        + String.join(", ", config.environmentNames()), "pass one of the configured environments (`env list`)");
  }

  private void refuse(Approver a, Map<String, Object> facts, String rule, String reason) {
    Map<String, Object> d = new LinkedHashMap<>(facts);
    d.put("rule", rule);
    d.put("reason", reason);
    audit(a.actor(), REFUSED, d);
  }

  private void audit(String actor, String event, Map<String, Object> details) {
    service.store().write(w -> w.audit(new AuditRecord(service.clock().instant(), null, actor, event, null, null,
        null, details)));
  }
}
