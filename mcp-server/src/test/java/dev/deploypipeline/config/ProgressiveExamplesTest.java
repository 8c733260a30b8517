package dev.deploypipeline.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The example configs a newcomer copies must load as they are, with the strategy they are named for. */
class ProgressiveExamplesTest {
  @ParameterizedTest
  @CsvSource({"deployment-config.canary.json, canary, caddy", "deployment-config.bluegreen.json, blue-green, haproxy"})
  void exampleConfigsLoad(String file, String strategy, String router) throws Exception {
    Path p = Path.of("..", "examples", "progressive", file);
    PipelineConfig c = new ConfigLoader(Map.of()).parse(Files.readString(p), p.toString());
    EnvironmentSpec prod = c.environment("prod");
    assertThat(prod.strategyOrDefault().type()).isEqualTo(strategy);
    assertThat(prod.router().type()).isEqualTo(router);
    // Kept as written: bash expands it in the instance, from the variables the environment declares.
    assertThat(prod.target().command()).isEqualTo("FAIL_RATE=${DEMO_FAIL_RATE:-0} java Service.java");
    assertThat(c.environment("dev").progressive()).isTrue();
  }
}
