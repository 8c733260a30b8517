package dev.deploypipeline.harness;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One pipeline execution as Harness summarises it ({@code pipelineExecutionSummary}, also the element type of the
 * executions list).
 *
 * @param failingStage the name of the first stage whose status is a failure, from {@code layoutNodeMap}
 * @param failureMessage {@code failureInfo.message} of the execution (or of the failing stage)
 */
public record Execution(String executionId, String pipelineIdentifier, String status, long startTs, long endTs,
    Optional<String> failingStage, Optional<String> failureMessage) {

  public ExecutionPhase phase() {
    return ExecutionPhase.of(status);
  }

  static Execution fromSummary(JsonNode s) {
    String stage = null;
    String stageMessage = null;
    for (JsonNode node : s.path("layoutNodeMap").values()) {
      boolean isStage = "STAGE".equalsIgnoreCase(Json.text(node.path("nodeGroup")))
          && !"parallel".equalsIgnoreCase(Json.text(node.path("nodeType")));
      if (isStage && ExecutionPhase.of(Json.text(node.path("status"))) == ExecutionPhase.FAILED) {
        stage = Optional.ofNullable(Json.text(node.path("name"))).orElse(Json.text(node.path("nodeIdentifier")));
        stageMessage = Json.text(node.path("failureInfo").path("message"));
        break;
      }
    }
    String message = Json.text(s.path("failureInfo").path("message"));
    if (message == null || message.isBlank()) message = stageMessage;
    return new Execution(Json.text(s.path("planExecutionId")), Json.text(s.path("pipelineIdentifier")),
        Json.text(s.path("status")), s.path("startTs").asLong(0), s.path("endTs").asLong(0),
        Optional.ofNullable(stage), Optional.ofNullable(message).filter(m -> !m.isBlank()));
  }

  /** e.g. {@code Failed at stage 'Deploy to prod': image not found}. */
  public String describe() {
    StringBuilder b = new StringBuilder(String.valueOf(status));
    failingStage.ifPresent(st -> b.append(" at stage '").append(st).append('\''));
    failureMessage.ifPresent(m -> b.append(": ").append(m));
    return b.toString();
  }
}
