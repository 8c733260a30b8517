package dev.deploypipeline.rest;

import dev.deploypipeline.deploy.NextStep;

/**
 * The REST API names a next step's actions as the requests to send. A prod approval names the signed request (a
 * bearer token does not prove a human), and the store doctor, which has no route, the command a human runs.
 */
public final class RestVoice implements NextStep.Voice {
  public static final RestVoice INSTANCE = new RestVoice();

  private RestVoice() {}

  @Override
  public String say(NextStep.Action a) {
    String id = a.deploymentId() == null ? "{id}" : a.deploymentId();
    String deployment = "/api/v1/deployments/" + id;
    return switch (a.verb()) {
      case STATUS -> "GET " + deployment;
      case LIST -> "GET /api/v1/deployments";
      case HISTORY -> "GET /api/v1/deployments" + (a.environment() == null ? "" : "?environment=" + a.environment());
      case START -> "POST /api/v1/deployments {\"service\":\"" + (a.service() == null ? "<service>" : a.service())
          + "\",\"branch\":\"main\"}";
      case VALIDATE -> "`deployment-pipeline deploy validate " + (a.service() == null ? "SERVICE" : a.service())
          + " --env " + (a.environment() == null ? "ENV" : a.environment()) + "` in a terminal";
      case APPROVE -> "POST " + deployment + "/approve {\"signature\":\"<ssh-keygen -Y sign over approval.challenge"
          + " from GET " + deployment + ">\"}";
      case REJECT -> "POST " + deployment + "/reject {\"comment\":\"<reason>\"}";
      case ROLLBACK -> "POST " + deployment + "/rollback {\"reason\":\"<reason>\"}";
      case RESUME -> "`deployment-pipeline deploy resume " + id + "` in a terminal";
      case DOCTOR -> "`deployment-pipeline doctor` in a terminal";
    };
  }
}
