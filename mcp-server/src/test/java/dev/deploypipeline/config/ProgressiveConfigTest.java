package dev.deploypipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProgressiveConfigTest {
  static String config(String prod) {
    return """
        {"service": "svc", "stages": {"validate": {"skip": true}, "build": {"skip": true}, "test": {"skip": true}},
         "environments": {"dev": {"deploy": {"skip": true}}, "staging": {"deploy": {"skip": true}},
           "prod": {%s}}}""".formatted(prod);
  }

  static final String TARGET = "\"target\": {\"type\": \"process\", \"command\": \"java Service.java\", \"instances\": 2}";

  @Test
  void aCanaryEnvironmentNeedsNoDeployCommandAndReadsItsSettings() {
    PipelineConfig c = new ConfigLoader(Map.of()).parse(config(TARGET + """
        , "router": {"type": "haproxy", "admin": "127.0.0.1:9999"},
          "strategy": {"type": "canary", "steps": [{"weight": 10, "pause": "untilApproved"}, {"weight": 100,
            "pause": "30s", "analysis": false}], "analysis": {"interval": "500ms", "maxErrorRate": 0.01}}"""), "t");
    EnvironmentSpec prod = c.environment("prod");
    assertThat(prod.progressive()).isTrue();
    assertThat(prod.deploy()).isNull();
    assertThat(prod.router().attached()).isTrue();
    StrategySpec s = prod.strategyOrDefault();
    assertThat(s.stepList().get(0).untilApproved()).isTrue();
    assertThat(s.stepList().get(1).pauseFor()).contains(Duration.ofSeconds(30));
    assertThat(s.stepList().get(1).analyse()).isFalse();
    assertThat(s.analysisOrDefault().intervalOrDefault()).isEqualTo(Duration.ofMillis(500));
    assertThat(s.analysisOrDefault().minRequestsOrDefault()).isEqualTo(20);
    assertThat(s.keepOld()).isEqualTo(Duration.ofMinutes(5));
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of("\"deploy\": {\"skip\": true}, \"strategy\": {\"type\": \"canary\"}",
            "environments.prod.target: is required with strategy"),
        Arguments.of(TARGET + ", \"strategy\": {\"type\": \"canary\"}",
            "environments.prod.router: is required for the canary strategy"),
        Arguments.of(TARGET + ", \"router\": {\"type\": \"nginx\"}", "environments.prod.router.type: must be 'caddy'"),
        Arguments.of(TARGET + ", \"router\": {\"type\": \"caddy\", \"admin\": \"10.0.0.1:2019\"}",
            "environments.prod.router.admin: must be a loopback address"),
        Arguments.of(TARGET + ", \"router\": {\"type\": \"caddy\"}, \"strategy\": {\"type\": \"linear\"}",
            "environments.prod.strategy.type: must be 'recreate', 'rolling', 'blue-green' or 'canary'"),
        Arguments.of(TARGET + ", \"router\": {\"type\": \"caddy\"}, \"strategy\": {\"type\": \"canary\", "
            + "\"steps\": [{\"weight\": 50}, {\"weight\": 25}]}",
            "environments.prod.strategy.steps[1].weight: must be greater than the step before (50)"),
        Arguments.of(TARGET + ", \"router\": {\"type\": \"caddy\"}, \"strategy\": {\"type\": \"canary\", "
            + "\"steps\": [{\"weight\": 10}, {\"weight\": 50}]}",
            "environments.prod.strategy.steps: the last step must have weight 100"),
        Arguments.of(TARGET + ", \"router\": {\"type\": \"caddy\"}, \"strategy\": {\"type\": \"canary\", "
            + "\"steps\": [{\"weight\": 100, \"pause\": \"soon\"}]}",
            "environments.prod.strategy.steps[0].pause: must be a duration such as \"30s\""),
        Arguments.of(TARGET + ", \"router\": {\"type\": \"caddy\"}, \"strategy\": {\"type\": \"blue-green\", "
            + "\"analysis\": {\"maxErrorRate\": 5}}", "environments.prod.strategy.analysis.maxErrorRate: must be from 0 to 1"),
        Arguments.of(TARGET + ", \"router\": {\"type\": \"caddy\"}, \"strategy\": {\"type\": \"rolling\", "
            + "\"batchSize\": 3}", "environments.prod.strategy.batchSize: is 3 but target.instances is 2"),
        Arguments.of("\"target\": {\"type\": \"docker\", \"command\": \"x\"}",
            "environments.prod.target.type: must be 'process'"),
        Arguments.of("\"target\": {\"type\": \"process\"}", "environments.prod.target.command: is required"),
        Arguments.of(TARGET + ", \"deploy\": {\"command\": \"./deploy.sh\"}",
            "environments.prod.deploy: remove it, or remove target"),
        Arguments.of("\"requiresApproval\": false", "environments.prod.deploy: is required"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("mistakes")
  void mistakesNameTheirPathAndTheFix(String prod, String expected) {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> new ConfigLoader(Map.of()).parse(config(prod), "t"));
    assertThat(e).isNotNull();
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(expected));
  }
}
