package dev.deploypipeline.dashboard;

import dev.deploypipeline.deploy.NextStep;

/** Next steps in the dashboard's words: the button that does it when there is one, else the terminal command. */
final class DashboardVoice implements NextStep.Voice {
  static final DashboardVoice INSTANCE = new DashboardVoice();

  private DashboardVoice() {}

  @Override
  public String say(NextStep.Action a) {
    String id = a.deploymentId() == null ? "the deployment" : a.deploymentId();
    return switch (a.verb()) {
      case STATUS -> "the page of " + id;
      case LIST, HISTORY -> "the Timeline";
      case START -> "the Deploy button on the Overview";
      case VALIDATE -> "`deployment-pipeline deploy validate " + (a.service() == null ? "SERVICE" : a.service())
          + " --env " + (a.environment() == null ? "ENV" : a.environment()) + "` in a terminal";
      case APPROVE -> "the Approve button (a signature from an allowed signer is required)";
      case REJECT -> "the Reject button";
      case ROLLBACK -> "the Roll back button";
      case RESUME -> "`deployment-pipeline deploy resume " + id + "` in a terminal";
      case DOCTOR -> "`deployment-pipeline doctor` in a terminal";
    };
  }
}
