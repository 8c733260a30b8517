package dev.deploypipeline.rest;

import dev.deploypipeline.approval.Approver;
import dev.deploypipeline.deploy.DeploymentFacts;
import dev.deploypipeline.deploy.DeployException;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.workflow.Deployment;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code /deployments/{id}/approve|reject|rollback}: decisions go through the same service and approval rules as
 * the CLI and MCP. The token or cookie says the caller may use the API, not which human decides, so a request
 * without a signature counts as unverified: it passes only where the policy needs no verified human. With
 * {@code signature} (ssh-keygen -Y sign over the challenge) the key's principal decides, as with the CLI's --sign.
 */
final class DecisionRoutes implements RouteGroup {
  static final String CHANNEL = "rest";
  static final Pattern ENVIRONMENT = dev.deploypipeline.workflow.State.ENVIRONMENT_NAME_PATTERN;

  private final DeploymentService service;
  private final DeploymentView view;
  private final Challenges challenges;

  DecisionRoutes(DeploymentService service, DeploymentView view, Challenges challenges) {
    this.service = service;
    this.view = view;
    this.challenges = challenges;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        new Route("POST", "/deployments/{id}/approve", c -> decide(c, "approve")),
        new Route("POST", "/deployments/{id}/reject", c -> decide(c, "reject")),
        new Route("POST", "/deployments/{id}/rollback", this::rollback));
  }

  private Reply decide(Call c, String decision) throws IOException {
    String id = c.deploymentId();
    c.onlyFields(List.of("comment", "signature", "challenge"));
    String comment = c.string("comment", false, null, 2000, "a comment of at most 2000 characters");
    String signature = c.string("signature", false, null, 20_000, "an armored SSH signature (-----BEGIN SSH "
        + "SIGNATURE-----) over the challenge");
    String challenge = c.string("challenge", false, null, 4000, "the approval.challenge text of GET "
        + "/api/v1/deployments/" + id);
    String actor = c.actor() == null ? service.actor() : c.actor();
    Approver who = signature == null ? Approver.unverified(actor, CHANNEL)
        : service.approvals().signed(id, decision, challenge != null ? lines(challenge)
            : challenges.current(id, decision), lines(signature), CHANNEL);
    Deployment d;
    try {
      d = service.approvals().decide(id, decision, who, comment);
    } catch (DeployException e) {
      throw signingAdvice(id, decision, e);
    }
    if ("approve".equals(decision)) service.driveAsync(id);
    return Reply.ok(view.of(service.get(id)));
  }

  /** Text from a form field: CRLF line ends (textareas send them) made LF, one final newline, as signed. */
  static String lines(String text) {
    return text.replace("\r\n", "\n").strip() + "\n";
  }

  /** A refusal for want of a verified human, with the challenge to sign and the line that signs it. */
  private RuntimeException signingAdvice(String id, String decision, DeployException e) {
    if (e.kind() != DeployException.Kind.GUARD && e.kind() != DeployException.Kind.NEEDS_HUMAN) return e;
    Deployment d = service.store().find(id).orElse(null);
    if (d == null || !DeploymentFacts.awaitsDecision(d)) return e;
    String text = challenges.current(id, decision);
    String command = Challenges.signCommand(text);
    Problem p = Problem.of(e);
    return new ApiException(new Problem(p.status(), p.kind(), p.title(), p.detail() + ". A bearer token or the "
        + "dashboard's session proves access to the API, not which human decides.", "sign the challenge with a key "
        + "in the allowed-signers file: " + command + "; then POST /api/v1/deployments/" + id + "/" + decision
        + " {\"signature\": \"<its output>\"}", p.extra()).with("challenge", text).with("signCommand", command));
  }

  private Reply rollback(Call c) throws IOException, InterruptedException {
    String id = c.deploymentId();
    c.onlyFields(List.of("reason", "environment", "toVersion"));
    String reason = c.string("reason", true, Pattern.compile("(?s).{3,2000}"), 2000,
        "why it is rolled back (3 to 2000 characters), recorded in the audit trail");
    String env = c.string("environment", false, ENVIRONMENT, 31, "an environment name such as prod");
    if (env != null) {
      try {
        service.requireEnvironment("body.environment", env);
      } catch (dev.deploypipeline.deploy.DeployException e) {
        throw ApiException.badRequest(e.getMessage(), "correct it and send again");
      }
    }
    String toVersion = c.string("toVersion", false, null, 200, "a version recorded for the environment");
    if (toVersion != null && env == null) {
      throw ApiException.badRequest("body.toVersion: needs body.environment (which one to roll back to "
          + Call.clip(toVersion) + ")", "add environment: which one to roll back");
    }
    String actor = c.actor() == null ? service.actor() : c.actor();
    Deployment d = service.rollback(id, reason, actor, env, toVersion);
    return Reply.ok(view.of(d));
  }
}
