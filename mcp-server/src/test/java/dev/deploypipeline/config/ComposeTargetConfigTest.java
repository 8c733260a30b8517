package dev.deploypipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.deploypipeline.engine.StagePlan;
import dev.deploypipeline.workflow.State;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** What a compose target may and may not be given, each mistake with its path and fix; and the stage it runs as. */
class ComposeTargetConfigTest {
  static final String TARGET = "\"target\": {\"type\": \"compose\", \"services\": [\"web\"]}";

  static String config(String dev) {
    return """
        {"service": "shop", "stages": {"validate": {"command": "true"}, "build": {"command": "true"},
          "test": {"command": "true"}}, "environments": {"dev": {%s},
          "staging": {"deploy": {"skip": true}}, "prod": {"deploy": {"skip": true}}}}
        """.formatted(dev);
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of("\"target\": {\"type\": \"compose\", \"command\": \"x\"}",
            "environments.dev.target.command: is for a process target; a compose target runs the services of "
                + "target.file"),
        Arguments.of("\"target\": {\"type\": \"compose\", \"instances\": 2}",
            "environments.dev.target.instances: is for a process target"),
        Arguments.of(TARGET + ", \"router\": {\"type\": \"caddy\"}",
            "environments.dev.router: a compose target replaces its containers in place, so there is no traffic "
                + "to shift; remove router"),
        Arguments.of(TARGET + ", \"strategy\": {\"type\": \"canary\"}",
            "environments.dev.strategy.type: a compose target deploys in place, so only \"recreate\" applies"),
        Arguments.of("\"target\": {\"type\": \"compose\", \"services\": [\"web\", \"web\"]}",
            "environments.dev.target.services: lists a service twice"),
        Arguments.of("\"target\": {\"type\": \"compose\", \"project\": \"My App\"}",
            "environments.dev.target.project: must be lowercase letters, digits, '_' or '-'"),
        Arguments.of("\"target\": {\"type\": \"compose\", \"file\": \" \"}",
            "environments.dev.target.file: must be a path"),
        Arguments.of("\"target\": {\"type\": \"compose\", \"healthTimeoutSeconds\": 0}",
            "environments.dev.target.healthTimeoutSeconds: must be at least 1 second"),
        Arguments.of("\"target\": {\"type\": \"process\", \"command\": \"x\", \"file\": \"c.yml\"}",
            "environments.dev.target.file: is for a compose target; remove it, or set \"type\": \"compose\""),
        Arguments.of("\"target\": {\"type\": \"process\"}", "environments.dev.target.command: is required"),
        Arguments.of("\"target\": {\"type\": \"docker\"}", "environments.dev.target.type: must be 'process' or "
            + "'compose'"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("mistakes")
  void mistakesNameTheirPathAndTheFix(String dev, String expected) {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> new ConfigLoader(Map.of()).parse(config(dev), "t"));
    assertThat(e).isNotNull();
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(expected));
  }

  @Test
  void aComposeTargetNeedsNoRouterAndRunsAsAStageOnTheComposeExecutor() {
    PipelineConfig c = new ConfigLoader(Map.of()).parse(config(TARGET
        + ", \"strategy\": {\"type\": \"recreate\"}, \"healthCheck\": {\"url\": \"http://127.0.0.1:1/h\", "
        + "\"timeoutSeconds\": 7}"), "t");
    EnvironmentSpec dev = c.environment("dev");
    assertThat(dev.composeTarget()).isTrue();
    assertThat(dev.progressive()).isFalse();
    assertThat(dev.target().composeFile()).isEqualTo("docker-compose.yml");
    assertThat(dev.target().composeProject("shop", "dev")).isEqualTo("shop-dev");
    assertThat(dev.target().serviceList()).containsExactly("web");
    StageSpec deploy = StagePlan.spec(c, State.DEPLOYING_DEV);
    assertThat(deploy.executor()).isEqualTo(StagePlan.COMPOSE_EXECUTOR);
    assertThat(deploy.timeout()).isEqualTo(2 * 60 + 300 + 7);
    assertThat(StagePlan.rollback(dev).executor()).isEqualTo("compose");
    assertThat(StagePlan.spec(c, State.DEPLOYING_STAGING).isSkipped()).isTrue();
  }
}
