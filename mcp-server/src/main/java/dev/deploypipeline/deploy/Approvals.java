package dev.deploypipeline.deploy;

import dev.deploypipeline.approval.GatePolicy;
import dev.deploypipeline.engine.ProgressiveStage;
import static dev.deploypipeline.deploy.DeployException.Kind.GUARD;

import dev.deploypipeline.approval.AllowedSigners;
import dev.deploypipeline.approval.ApprovalPayload;
import dev.deploypipeline.approval.ApprovalRules;
import dev.deploypipeline.approval.Approver;
import dev.deploypipeline.approval.EffectivePolicy;
import dev.deploypipeline.approval.OsUser;
import dev.deploypipeline.approval.Policies;
import dev.deploypipeline.approval.SshSignatures;
import dev.deploypipeline.approval.UserPolicy;
import dev.deploypipeline.config.EnvironmentSpec;
import dev.deploypipeline.config.PolicyChecks;
import dev.deploypipeline.store.AuditEntry;
import dev.deploypipeline.workflow.Approval;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Route;
import dev.deploypipeline.workflow.Event;
import dev.deploypipeline.workflow.GuardContext;
import dev.deploypipeline.workflow.Guards;
import dev.deploypipeline.workflow.IllegalTransitionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Decisions at the prod gate: which policy is in force (see {@link Policies}), what proves who decided (a terminal,
 * an SSH signature, an accepted form, or nothing), and recording the decision with its proof on the audit line.
 */
public final class Approvals {
  /** The gated environment of the default path; see {@link #gateEnvironment} for any route. */
  public static final String ENVIRONMENT = "prod";
  /** How old a signature may be when it reaches the gate, and how far ahead of this clock. */
  static final Duration MAX_SIGNATURE_AGE = Duration.ofMinutes(15);
  static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(2);

  private final DeploymentService service;
  private final Policies policies;
  // Identity rules are judged above on verified identities, so the guards see no approvers: only the schedule.
  private final Guards schedules = Guards.standard();

  Approvals(DeploymentService service, Policies policies) {
    this.service = service;
    this.policies = policies;
  }

  /** The prod policy in force for this deployment (its commit's config, the user policy, the working tree). */
  public EffectivePolicy policy(Deployment d) {
    String env = gateEnvironment(d.routeOrDefault());
    return policy(d.service(), env, d.commit(), service.config().environment(env));
  }

  public EffectivePolicy policy(String serviceName, String commit) {
    String env = gateEnvironment(service.route(service.config()));
    return policy(serviceName, env, commit, service.config().environment(env));
  }

  /**
   * The environment whose policy governs a route's gate: the first of the gated step (prod on the default path;
   * a parallel group's members share one approval). A route without a gate answers prod, as before routes.
   */
  public static String gateEnvironment(Route route) {
    return route.gatedStep().map(s -> s.environments().get(0)).orElse(ENVIRONMENT);
  }

  /** Any environment's policy in force at {@code commit} (for side doors such as Harness pipelines). */
  public EffectivePolicy policy(String serviceName, String environment, String commit, EnvironmentSpec workingTree) {
    try {
      return policies.forEnvironment(serviceName, environment, commit, workingTree);
    } catch (UserPolicy.PolicyException e) {
      throw new DeployException(DeployException.Kind.CONFIG, "user policy: " + e.getMessage(),
          "fix the user policy file named above; nothing is approved until it can be read");
    }
  }

  /** The policy in force for a deployment of {@code ref} (a branch or commit) that has not started yet. */
  public EffectivePolicy policyForRef(String serviceName, String ref) {
    return policy(serviceName, Git.resolveCommit(service.projectDir(), ref == null ? "HEAD" : ref));
  }

  /** The policy as tools and {@code --json} show it (field {@code approvalPolicy}). */
  public static Map<String, Object> view(EffectivePolicy p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("environment", ENVIRONMENT);
    out.put("requiresApproval", p.gate().requiresApproval());
    out.put("approvers", p.gate().approvers());
    out.put("preventSelfApproval", p.gate().preventSelfApproval());
    out.put("sources", p.sources());
    out.put("warnings", p.warnings());
    return out;
  }

  /** The signers file of the user policy (null when none is configured). */
  public java.nio.file.Path allowedSigners() {
    return policies.user().allowedSigners();
  }

  /** What an approver signs for {@code decision} on {@code id}, fresh (now, new nonce). */
  public ApprovalPayload payload(String id, String decision, Clock clock) {
    Deployment d = service.get(id);
    return new ApprovalPayload(id, d.service(), environmentOf(d), d.commit(), d.createdAt(), decision, clock.instant(),
        UUID.randomUUID().toString());
  }

  /** The OS user at a terminal who typed the id: verified as that user and its allowed-signers aliases. */
  public Approver atTerminal(String id, String channel) {
    String user = OsUser.name();
    return new Approver(user, Approver.Method.TERMINAL,
        AllowedSigners.aliases(decisionPolicy(service.get(id)).allowedSigners(), user), channel, Map.of("osUser", user));
  }

  /**
   * Checks a signature over {@code payloadText} for {@code id} and {@code decision}; a bad one is refused (audited)
   * and thrown. The evidence kept on the audit line lets {@code deploy audit --verify} check it again later.
   */
  public Approver signed(String id, String decision, String payloadText, String signature, String channel) {
    Event event = Approval.APPROVE.equals(decision) ? Event.APPROVED : Event.REJECTED;
    Deployment d = service.get(id);
    EffectivePolicy policy = decisionPolicy(d);
    java.nio.file.Path signers = policy.allowedSigners();
    String why = null;
    SshSignatures.Verified v = null;
    try {
      ApprovalPayload p = ApprovalPayload.parse(payloadText);
      why = mismatch(p, d, decision, service.clock().instant());
      if (why == null) v = SshSignatures.verify(signers, payloadText, signature);
    } catch (IllegalArgumentException | SshSignatures.SignatureException e) {
      why = e.getMessage();
      String ignored = policies.user().ignoredSigners(policy.gate());
      if (ignored != null) why += " (" + ignored + ")";
    }
    if (why != null) {
      service.refusal(id, event, service.actor(), channel, "signature", why, Map.of());
      throw new DeployException(GUARD, "signature refused: " + why, "sign this deployment's " + decision
          + " now with a key listed in the allowed-signers file: " + ApprovalRules.signedCommand(id, decision));
    }
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("principal", v.principal());
    if (v.fingerprint() != null) evidence.put("key", v.fingerprint());
    evidence.put("allowedSignersFile", signers.toString());
    evidence.put("signedPayload", payloadText);
    evidence.put("signature", signature);
    return new Approver(v.principal(), Approver.Method.SSH_SIGNATURE, new HashSet<>(v.principals()), channel,
        evidence);
  }

  static String mismatch(ApprovalPayload p, Deployment d, String decision, Instant now) {
    if (!p.deploymentId().equals(d.id()) || !p.service().equals(d.service()) || !p.commit().equals(d.commit())
        || !p.deploymentStartedAt().equals(d.createdAt())) {
      return "the signed payload is for deployment " + p.deploymentId() + " (" + p.service() + " @ " + p.commit()
          + "), not for " + d.id();
    }
    if (!environmentOf(d).equals(p.environment())) return "the signed payload is for environment " + p.environment();
    if (!decision.equals(p.decision())) return "the signature is for '" + p.decision() + "', not '" + decision + "'";
    if (p.signedAt().isBefore(now.minus(MAX_SIGNATURE_AGE)) || p.signedAt().isAfter(now.plus(MAX_CLOCK_SKEW))) {
      return "the signature was made at " + p.signedAt() + ", outside the " + MAX_SIGNATURE_AGE.toMinutes()
          + " minutes a signature stays valid";
    }
    return null;
  }

  /** Refuses early (audited) when {@code approver} cannot satisfy the policy, before anyone is asked anything. */
  public void precheck(String id, String decision, Approver approver) {
    Deployment d = service.get(id);
    if (ProgressiveStage.parked(d).isEmpty()) {
      service.requireLegal(d, Approval.APPROVE.equals(decision) ? Event.APPROVED : Event.REJECTED);
    }
    enforce(d, decision, approver);
  }

  /** Records the decision if the policy in force accepts {@code approver}'s proof; refusals are audited. */
  public Deployment decide(String id, String decision, Approver approver, String comment) {
    Deployment d = service.get(id);
    Optional<String> parked = ProgressiveStage.parked(d);
    if (parked.isPresent()) {
      enforce(d, decision, approver);
      return service.stepApprovals().decide(d, parked.get(), decision, approver, comment);
    }
    Event event = Approval.APPROVE.equals(decision) ? Event.APPROVED : Event.REJECTED;
    service.requireLegal(d, event);
    EffectivePolicy policy = enforce(d, decision, approver);
    Clock clock = service.clock();
    // Approving lets the gated step and every later one deploy without a further human: all their windows count.
    var config = service.config();
    List<dev.deploypipeline.workflow.Schedule> open = d.routeOrDefault().environmentsFromGate().stream()
        .map(e -> PolicyChecks.schedule(e, config.environment(e))).toList();
    var closed = schedules.violation(new GuardContext(id, d.service(), d.state(), event, approver.actor(),
        d.startedBy(), List.of(), Set.of(), false, clock.instant(), open));
    if (closed.isPresent()) {
      service.refusal(id, event, approver.actor(), approver.channel(), closed.get().rule(), closed.get().reason(),
          approver.evidence());
      throw new DeployException(GUARD, closed.get().reason(), "approve again when "
          + gateEnvironment(d.routeOrDefault()) + " is open (the deployment waits at the gate)");
    }
    Map<String, Object> details = new LinkedHashMap<>(approver.evidence());
    if (comment != null) details.put("comment", comment);
    details.put("channel", approver.channel());
    details.put("verifiedBy", approver.method().id);
    if (!policy.warnings().isEmpty()) details.put("policyWarnings", policy.warnings());
    String actor = approver.actor();
    try {
      return service.transitions().fire(id, event, actor, x -> {
        Deployment y = x.withApproval(new Approval(decision, actor, comment,
            x.approval() == null ? null : x.approval().requestedAt(), clock.instant()), clock.instant());
        return event == Event.REJECTED ? y.withError("rejected by " + actor + (comment == null ? "" : ": " + comment),
            clock.instant()) : y;
      }, details);
    } catch (IllegalTransitionException e) {
      throw service.illegal(id, e);
    }
  }

  private EffectivePolicy enforce(Deployment d, String decision, Approver approver) {
    EffectivePolicy policy = decisionPolicy(d);
    var violation = ApprovalRules.check(policy.gate(), approver, decision, d.id(), starters(d));
    if (violation.isPresent()) {
      Map<String, Object> more = new LinkedHashMap<>(approver.evidence());
      more.put("verifiedBy", approver.method().id);
      service.refusal(d.id(), Approval.APPROVE.equals(decision) ? Event.APPROVED : Event.REJECTED, approver.actor(),
          approver.channel(), violation.get().rule(), violation.get().reason(), more);
      throw new DeployException(GUARD, violation.get().reason(), violation.get().nextStep(),
          Map.of("signedCommand", ApprovalRules.signedCommand(d.id(), decision)));
    }
    return policy;
  }

  /**
   * The policy a decision on {@code d} answers to: the prod gate's, or for a rollout parked for a human (a canary
   * step "untilApproved", an inconclusive analysis) its environment's approvers, with a human always required.
   */
  EffectivePolicy decisionPolicy(Deployment d) {
    Optional<String> parked = ProgressiveStage.parked(d);
    if (parked.isEmpty()) return policy(d);
    String env = parked.get();
    EffectivePolicy p = policy(d.service(), env, d.commit(), service.config().environment(env));
    GatePolicy g = p.gate();
    return new EffectivePolicy(new GatePolicy(true, g.approvers(), g.preventSelfApproval()), p.sources(),
        p.warnings(), p.allowedSigners());
  }

  /** The environment a decision on {@code d} is for: a parked rollout's, else prod. */
  static String environmentOf(Deployment d) {
    return ProgressiveStage.parked(d).orElse(gateEnvironment(d.routeOrDefault()));
  }

  /** The starter's names: as recorded, the OS user that started it, and that user's allowed-signers aliases. */
  Set<String> starters(Deployment d) {
    Set<String> out = new HashSet<>();
    if (d.startedBy() != null) out.add(d.startedBy());
    for (AuditEntry e : service.store().audit(d.id())) {
      if ("CREATED".equals(e.event()) && e.details().get("osUser") instanceof String os) {
        out.addAll(AllowedSigners.aliases(allowedSigners(), os));
      }
    }
    return out;
  }
}
