package dev.deploypipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Environments as data in the config: the path, names, types, urls and variables, on the two examples. */
class PathChecksTest {
  static final Path EXAMPLES = Path.of("..", "examples", "environments");

  static String example(String name) throws Exception {
    return Files.readString(EXAMPLES.resolve(name));
  }

  static PipelineConfig load(String text) {
    return new ConfigLoader(Map.<String, String>of()).parse(text, "deployment-config.json");
  }

  @Test
  void theExamplesLoadWithTheirPathTypesAndVariables() throws Exception {
    PipelineConfig four = load(example("four-envs.json"));
    assertThat(four.promotionPath()).containsExactly(List.of("dev"), List.of("qa"), List.of("staging"),
        List.of("prod"));
    assertThat(four.environmentNames()).containsExactly("dev", "qa", "staging", "prod");
    assertThat(four.environment("qa").variableMap()).containsEntry("LOG_LEVEL", "info");
    assertThat(four.environment("prod").approvalRequired("prod")).isTrue();
    assertThat(four.environment("qa").approvalRequired("qa")).isFalse();

    PipelineConfig regions = load(example("regions.json"));
    assertThat(regions.promotionPath()).containsExactly(List.of("dev"), List.of("staging"),
        List.of("prod-eu", "prod-us"));
    assertThat(regions.environment("prod-us").typeOrDefault("prod-us")).isEqualTo("production");
    assertThat(regions.environment("dev").typeOrDefault("dev")).isEqualTo("development");
  }

  @Test
  void withoutAPathTheSeedPathAndNamesStay() {
    PipelineConfig c = load(ConfigLoaderTest.VALID);
    assertThat(c.path()).isNull();
    assertThat(c.promotionPath()).containsExactly(List.of("dev"), List.of("staging"), List.of("prod"));
    assertThat(c.environmentNames()).containsExactly("dev", "staging", "prod");
  }

  @Test
  void typesFollowTheNameWhenNotConfigured() {
    for (String prod : List.of("prod", "production", "prod-eu", "eu-prod")) {
      assertThat(EnvironmentSpec.typeByName(prod)).as(prod).isEqualTo("production");
    }
    assertThat(EnvironmentSpec.typeByName("staging")).isEqualTo("staging");
    assertThat(EnvironmentSpec.typeByName("stage")).isEqualTo("staging");
    assertThat(EnvironmentSpec.typeByName("qa")).isEqualTo("development");
    assertThat(EnvironmentSpec.typeByName("products")).isEqualTo("development");
  }

  static Stream<Arguments> badPaths() throws Exception {
    String regions = example("regions.json");
    String four = example("four-envs.json");
    return Stream.of(
        Arguments.of(regions.replace("[\"prod-eu\", \"prod-us\"]", "[\"prod-eu\", \"prod-usa\"]"),
            "path[2][1]: 'prod-usa' is not an environment; did you mean 'prod-us'?; configured: dev, prod-eu, prod-us, "
                + "staging (add it under \"environments\" or correct the name)"),
        Arguments.of(four.replace("[\"dev\", \"qa\", \"staging\", \"prod\"]", "[\"dev\", \"qa\", \"dev\", \"prod\"]"),
            "path[2]: 'dev' is already on the path; each environment appears once"),
        Arguments.of(four.replace("[\"dev\", \"qa\", \"staging\", \"prod\"]", "[]"),
            "path: is empty; list the environments in promotion order, e.g. [\"dev\", \"staging\", \"prod\"]"),
        Arguments.of(four.replace("[\"dev\", \"qa\", \"staging\", \"prod\"]", "[\"dev\", 7]"),
            "path[1]: must be an environment name or a list of names deployed in parallel (found 7)"),
        Arguments.of(regions.replace("[\"prod-eu\", \"prod-us\"]", "[]"),
            "path[2]: is an empty group; list the environments deployed in parallel, e.g. [\"prod-eu\", \"prod-us\"]"),
        Arguments.of(four.replace("\"https://shop.test\"", "\"shop.test\""),
            "environments.prod.url: must be an http or https URL with a host, e.g. https://staging.example.com "
                + "(found 'shop.test')"),
        Arguments.of(four.replace("\"type\": \"staging\"", "\"type\": \"preprod\""),
            "environments.staging.type: must be 'development', 'staging' or 'production'"),
        Arguments.of(ConfigLoaderTest.VALID.replace("\"prod\":", "\"qa\":"),
            "environments.qa: unknown environment (without a \"path\" the environments are dev, staging, prod; to "
                + "add qa, list the promotion order in \"path\", e.g. [\"dev\", \"qa\", \"staging\", \"prod\"])"));
  }

  @ParameterizedTest
  @MethodSource("badPaths")
  void aBadPathOrEnvironmentIsNamedByItsPlace(String text, String problem) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(text));
    assertThat(e).as("must be rejected").isNotNull();
    assertThat(e.problems()).contains(problem);
  }

  @Test
  void anEnvironmentNameMustFitIdsAndFiles() throws Exception {
    String text = example("four-envs.json").replace("\"qa\"", "\"QA_1\"");
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(text));
    assertThat(e.problems()).contains("environments.QA_1: is not a valid environment name; use a lowercase letter, "
        + "then lowercase letters, digits or '-' (at most 31 characters), e.g. prod-eu");
  }
}
