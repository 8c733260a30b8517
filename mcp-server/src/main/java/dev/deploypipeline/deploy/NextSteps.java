package dev.deploypipeline.deploy;

import dev.deploypipeline.workflow.State;

/** What a person or agent should do next, per state; shown in every status and error. */
public final class NextSteps {
  private NextSteps() {}

  public static String forState(String id, State s) {
    return switch (s) {
      case PENDING, VALIDATING, BUILDING, TESTING, DEPLOYING_DEV, DEPLOYING_STAGING, DEPLOYING_PROD ->
          "in progress; check again with deploy_status " + id;
      case AWAITING_APPROVAL -> "waiting for a human: /deploy:approve " + id + " in Claude Code, or "
          + "`deployment-pipeline deploy approve " + id + "` in a terminal (reject with decision 'reject'; "
          + "deploy_rollback " + id + " undoes dev and staging)";
      case COMPLETED -> "done; to undo it, deploy_rollback " + id + " with a reason";
      case FAILED -> "read the error and the failed stage's log tail (deploy_status " + id + "), fix, then "
          + "deploy_start again; deploy_rollback " + id + " restores what ran before in the environments it touched";
      case ROLLED_BACK -> "rolled back; start a new deployment with deploy_start once fixed";
    };
  }

  public static String stalled(String id, String owner) {
    return "its driver " + owner + " is gone; run `deployment-pipeline deploy resume " + id + "` to take it over";
  }
}
