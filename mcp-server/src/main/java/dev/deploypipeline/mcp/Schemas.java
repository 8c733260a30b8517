package dev.deploypipeline.mcp;

/** JSON Schema fragments shared by the deployment tools' output schemas. */
final class Schemas {
  private Schemas() {}

  static final String STATES = "[\"pending\",\"validating\",\"building\",\"testing\",\"deploying-dev\","
      + "\"deploying-staging\",\"awaiting-approval\",\"deploying-prod\",\"completed\",\"failed\",\"rolled-back\"]";

  static final String DEPLOYMENT_ID = "{\"type\":\"string\",\"pattern\":\"^d-[0-9]{1,12}$\","
      + "\"description\":\"Deployment id such as d-42, from deploy_start, deploy_status or deploy_history\"}";

  /** A progressive rollout in {@code Views.deployment}: where it stands, the split, and what was measured. */
  static final String ROLLOUT = "{\"type\":\"object\",\"properties\":{\"environment\":{\"type\":\"string\"},"
      + "\"strategy\":{\"type\":\"string\",\"enum\":[\"recreate\",\"rolling\",\"blue-green\",\"canary\"]},"
      + "\"phase\":{\"type\":\"string\",\"enum\":[\"starting\",\"promoting\",\"verifying\",\"paused\","
      + "\"aborting\",\"promoted\",\"aborted\"]},\"step\":{\"type\":\"integer\"},\"steps\":{\"type\":\"integer\"},"
      + "\"waitingFor\":{\"type\":\"string\"},\"stableVersion\":{\"type\":\"string\"},"
      + "\"newVersion\":{\"type\":\"string\"},\"newPercent\":{\"type\":\"integer\"},"
      + "\"weights\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{"
      + "\"address\":{\"type\":\"string\"},\"weight\":{\"type\":\"integer\"}}}},"
      + "\"instances\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}},"
      + "\"errorRate\":{\"type\":\"number\"},"
      + "\"verdicts\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{"
      + "\"at\":{\"type\":\"string\"},\"verdict\":{\"type\":\"string\",\"enum\":[\"successful\","
      + "\"inconclusive\",\"cancelled\",\"error\",\"failed\"]},\"failingCheck\":{\"type\":\"string\"},"
      + "\"approvedBy\":{\"type\":\"string\"},\"metrics\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}},"
      + "\"required\":[\"at\",\"verdict\"]}},"
      + "\"reason\":{\"type\":\"string\"},\"warmUntil\":{\"type\":\"string\"},"
      + "\"rollback\":{\"type\":\"object\"}},"
      + "\"required\":[\"environment\",\"strategy\",\"phase\",\"step\",\"weights\",\"verdicts\"]}";

  /** Properties of {@code Views.deployment}. */
  /** The prod gate in force (deploy_validate, deploy_status). */
  static final String APPROVAL_POLICY = "\"approvalPolicy\":{\"type\":\"object\",\"properties\":{"
      + "\"environment\":{\"type\":\"string\"},\"requiresApproval\":{\"type\":\"boolean\"},"
      + "\"approvers\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
      + "\"preventSelfApproval\":{\"type\":\"boolean\"},\"sources\":{\"type\":\"array\",\"items\":"
      + "{\"type\":\"string\"}},\"warnings\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}";

  static final String DEPLOYMENT_PROPS = "\"deploymentId\":{\"type\":\"string\"},\"service\":{\"type\":\"string\"},"
      + "\"branch\":{\"type\":\"string\"},\"commit\":{\"type\":\"string\"},\"version\":{\"type\":\"string\"},"
      + "\"state\":{\"type\":\"string\",\"enum\":" + STATES + "},\"startedBy\":{\"type\":\"string\"},"
      + "\"createdAt\":{\"type\":\"string\"},\"updatedAt\":{\"type\":\"string\"},\"elapsedMs\":{\"type\":\"integer\"},"
      + "\"rollbackReason\":{\"type\":\"string\"},"
      + "\"stages\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"stage\":{\"type\":\"string\"},"
      + "\"status\":{\"type\":\"string\"},\"durationMs\":{\"type\":\"integer\"},\"attempts\":{\"type\":\"integer\"},"
      + "\"retries\":{\"type\":\"integer\"}},\"required\":[\"stage\",\"status\",\"attempts\"]}},"
      + "\"logStage\":{\"type\":\"string\"},\"logTail\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
      + "\"approval\":{\"type\":\"object\"},\"environments\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}},"
      + "\"rollout\":" + ROLLOUT + ","
      + "\"driver\":{\"type\":\"string\"},\"stalled\":{\"type\":\"boolean\"},"
      + "\"legalEvents\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}";

  static final String SUMMARY_ITEM = "{\"type\":\"object\",\"properties\":{\"deploymentId\":{\"type\":\"string\"},"
      + "\"service\":{\"type\":\"string\"},\"state\":{\"type\":\"string\",\"enum\":" + STATES + "},"
      + "\"durationMs\":{\"type\":\"integer\"},\"stageDurationsMs\":{\"type\":\"object\","
      + "\"additionalProperties\":{\"type\":\"integer\"}},\"retries\":{\"type\":\"integer\"},"
      + "\"approvalWaitMs\":{\"type\":\"integer\"}},\"required\":[\"deploymentId\",\"service\",\"state\"]}";

  /** How long a tool with {@code wait} may block; one bound for the schema and for {@link Args#waitTimeout}. */
  static final int WAIT_MAX_SECONDS = 3600;
  static final int WAIT_DEFAULT_SECONDS = 900;

  static final String WAIT_TIMEOUT = "{\"type\":\"integer\",\"minimum\":1,\"maximum\":" + WAIT_MAX_SECONDS
      + ",\"default\":" + WAIT_DEFAULT_SECONDS + "}";

  static String deploymentOutput() {
    return ToolSupport.outputSchema(DEPLOYMENT_PROPS, "deploymentId", "state", "nextStep");
  }
}
