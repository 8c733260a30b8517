package dev.deploypipeline.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.config.PipelineConfig;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HarnessConfigTest {
  static jakarta.validation.ValidatorFactory factory;
  static Validator validator;

  @BeforeAll
  static void setUp() {
    factory = Validation.byDefaultProvider().configure().messageInterpolator(new ParameterMessageInterpolator())
        .buildValidatorFactory();
    validator = factory.getValidator();
  }

  @AfterAll
  static void tearDown() {
    factory.close();
  }

  static Map<String, String> violations(HarnessConfig harness) {
    PipelineConfig config = new PipelineConfig("payments", "harness", null, null, null, harness, null);
    Set<ConstraintViolation<PipelineConfig>> v = validator.validate(config);
    Map<String, String> out = new TreeMap<>();
    v.forEach(c -> out.put(c.getPropertyPath().toString(), c.getMessage()));
    return out;
  }

  @Test
  void aMinimalSectionIsValidAndDefaulted() {
    HarnessConfig c = HarnessConfig.of("default", "payments", null);
    assertThat(violations(c)).isEmpty();
    assertThat(c.baseUrlOrDefault()).isEqualTo("https://app.harness.io");
    assertThat(c.apiKeyEnvOrDefault()).isEqualTo("HARNESS_API_KEY");
    assertThat(c.pollInitial()).hasSeconds(3);
    assertThat(c.pollBackoff()).isEqualTo(1.5);
    assertThat(c.pollMax()).hasSeconds(30);
  }

  @Test
  void errorsNameTheFieldAndTheFix() {
    HarnessConfig bad = new HarnessConfig("my account", null, "Payments Project", "app.harness.io", null,
        "pat.acc.tok.secret", null, 0, 9.0, null, null);

    Map<String, String> v = violations(bad);

    assertThat(v).containsOnlyKeys("harness.accountId", "harness.orgId", "harness.projectId", "harness.baseUrl",
        "harness.apiKeyEnv", "harness.pollInitialSeconds", "harness.pollMultiplier");
    assertThat(v.get("harness.orgId")).contains("organization identifier");
    assertThat(v.get("harness.projectId")).contains("not the display name");
    assertThat(v.get("harness.baseUrl")).contains("https://app.harness.io");
    assertThat(v.get("harness.apiKeyEnv")).contains("NAME of an environment variable", "never the key itself");
  }

  @Test
  void theExampleConfigBindsAndValidates() throws Exception {
    String json = java.nio.file.Files.readString(java.nio.file.Path.of("../examples/harness/deployment-config.json"))
        .replace("${HARNESS_ORG}", "default").replace("${HARNESS_PROJECT}", "payments");
    assertThat(json).doesNotContain("pat.").doesNotContain("sat.");

    PipelineConfig config = tools.jackson.databind.json.JsonMapper.builder()
        .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()
        .readValue(json, PipelineConfig.class);

    assertThat(validator.validate(config)).isEmpty();
    assertThat(config.harness().orgId()).isEqualTo("default");
    assertThat(config.harness().pipelineFor("deploying-prod", config.environment("prod").deploy().pipeline()))
        .contains("deploy-prod");
    assertThat(config.harness().pipelineFor("validating", config.stage("validate").pipeline())).isEmpty();
  }

  @Test
  void aBaseUrlWithGatewayStillLinksToTheUi() {
    HarnessClient c = new HarnessClient(HarnessConfig.of("o", "p", "https://acme.harness.io/gateway/"),
        "pat.acc.tok.secret", java.time.Duration.ofSeconds(1),
        new dev.deploypipeline.workflow.Retrier(dev.deploypipeline.workflow.RetryPolicy.DEFAULT, new FakeTime()),
        null, new FakeTime());
    assertThat(c.executionUrl("deploy-prod", "ex1")).hasToString(
        "https://acme.harness.io/ng/account/acc/all/orgs/o/projects/p/pipelines/deploy-prod/executions/ex1/pipeline");
  }
}
