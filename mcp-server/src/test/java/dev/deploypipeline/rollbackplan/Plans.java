package dev.deploypipeline.rollbackplan;

import dev.deploypipeline.compose.ComposeFacts;
import dev.deploypipeline.compose.ComposeRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Plan inputs for tests: a Compose stack from inline YAML, releases d-1 (1.0.0) and d-2 (2.0.0). */
final class Plans {
  static final PlanInput.Release V1 = new PlanInput.Release("d-1", "1.0.0", "aaaaaaaaaaaaaaaa1111");
  static final PlanInput.Release V2 = new PlanInput.Release("d-2", "2.0.0", "bbbbbbbbbbbbbbbb2222");

  private Plans() {}

  static PlanInput.Compose compose(String yaml, String project) {
    ComposeFacts facts = ComposeFacts.load(ComposeRequest.ofContent("docker-compose.yml", yaml)
        .withEnvironment(Map.of("TAG", "2.0.0")));
    return new PlanInput.Compose("docker-compose.yml", project, List.of(), facts);
  }

  static PlanInput input(PlanInput.Compose compose, PlanInput.Caddy caddy, List<String> migrationDirs,
      List<String> changed, List<String> health, String command, String projectDir) {
    return new PlanInput("shop", "prod", V2, V1, compose, caddy, migrationDirs, changed, health, command, projectDir,
        Instant.parse("2026-12-06T12:00:00Z"));
  }
}
