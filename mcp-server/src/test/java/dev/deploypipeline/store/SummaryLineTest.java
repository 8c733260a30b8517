package dev.deploypipeline.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.workflow.DeploymentSummary;
import dev.deploypipeline.workflow.State;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The streaming summary reader reads every line exactly as the store's databind mapper does. */
class SummaryLineTest {

  @Test
  void readsWhatTheStoreWritesBackIntoTheSameSummary() {
    Map<String, Long> stages = new LinkedHashMap<>();
    stages.put("validating", 201L);
    stages.put("deploying-prod-eu+prod-us", 419L);
    List<DeploymentSummary> summaries = List.of(
        new DeploymentSummary("d-1", "payments", "main", "0123456789abcdef", "0123456789ab", State.COMPLETED,
            "ana@example.com", Instant.parse("2026-12-07T05:36:30.430895955Z"), Instant.parse("2026-12-07T05:40:00Z"),
            8558L, stages, 2, 4283L, List.of("dev", "staging", "prod"), null),
        new DeploymentSummary("d-2", "payments", "release/1.2", null, null, State.fromId("deploying-prod-eu").orElseThrow(),
            "ci", Instant.parse("2026-12-07T05:36:30Z"), null, null, Map.of(), 0, null, List.of(), null),
        new DeploymentSummary("d-3", "web", "main", "c", "v", State.FAILED, "bob \"the\" builder ✓",
            Instant.parse("2026-01-01T00:00:00.5Z"), Instant.parse("2026-01-01T00:00:01Z"), 500L, null, 0, null, null,
            "build failed:\nexit 1"));
    for (DeploymentSummary s : summaries) {
      byte[] line = Json.MAPPER.writeValueAsBytes(s);
      assertThat(SummaryLine.parse(line)).isEqualTo(Json.MAPPER.readValue(line, DeploymentSummary.class)).isEqualTo(s);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"id\":\"d-9\",\"service\":\"s\",\"state\":\"completed\",\"createdAt\":\"2026-12-07T05:36:30Z\"}",
      "{\"id\":\"d-9\",\"state\":\"failed\",\"retries\":null,\"durationMs\":null,\"environments\":null}",
      "{\"id\":\"d-9\",\"state\":\"completed\",\"newerMember\":{\"nested\":[1,{\"a\":2}]},\"another\":[true]}",
      "{\"id\":\"d-9\"}",
      "{\"id\":\"d-9\",\"state\":null}",
      "{}"})
  void readsOlderAndNewerLinesAsDatabindDoes(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    assertThat(SummaryLine.parse(bytes)).isEqualTo(Json.MAPPER.readValue(bytes, DeploymentSummary.class));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"id\":\"d-9\",\"state\":\"no-such-state\"}",
      "{\"id\":\"d-9\",\"createdAt\":\"yesterday\"}",
      "{\"id\":\"d-9\",\"durationMs\":\"long\"}",
      "{\"id\":\"d-9\",\"environments\":\"prod\"}",
      "{\"id\":\"d-9\",\"state\":\"completed\"",
      "[\"d-9\"]",
      "not json"})
  void refusesLinesDatabindRefuses(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    assertThat(SummaryLine.parse(bytes)).isNull();
    assertThat(databindRefuses(bytes)).isTrue();
  }

  private static boolean databindRefuses(byte[] line) {
    try {
      Json.MAPPER.readValue(line, DeploymentSummary.class);
      return false;
    } catch (RuntimeException e) {
      return true;
    }
  }
}
