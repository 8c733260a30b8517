package dev.deploypipeline.cli;

import dev.deploypipeline.deploy.NextStep;

/** The CLI names a next step's actions as the commands to type. */
final class CliVoice implements NextStep.Voice {
  static final CliVoice INSTANCE = new CliVoice();
  private static final String CMD = "deployment-pipeline ";

  private CliVoice() {}

  @Override
  public String say(NextStep.Action a) {
    String id = a.deploymentId() == null ? "ID" : a.deploymentId();
    String service = a.service() == null ? "SERVICE" : a.service();
    return "`" + CMD + switch (a.verb()) {
      case STATUS -> "deploy status " + id;
      case LIST -> "deploy status";
      case HISTORY -> "deploy history" + (a.environment() == null ? "" : " --env " + a.environment());
      case START -> "deploy start " + service;
      case VALIDATE -> "deploy validate " + service + " --env " + (a.environment() == null ? "ENV" : a.environment());
      case APPROVE -> "deploy approve " + id;
      case REJECT -> "deploy reject " + id + " -m \"<reason>\"";
      case ROLLBACK -> "deploy rollback " + id + " -r \"<reason>\"";
      case RESUME -> "deploy resume " + id;
      case DOCTOR -> "doctor";
    } + "`";
  }
}
