package dev.deploypipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.deploypipeline.flags.FlagsConfig;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class FlagsConfigTest {
  static final String PROD = "\"target\": {\"type\": \"process\", \"command\": \"java S.java\", \"instances\": 2}, "
      + "\"router\": {\"type\": \"caddy\"}, \"strategy\": {\"type\": \"canary\"}";

  static String config(String flags) {
    return """
        {"service": "svc", "stages": {"validate": {"skip": true}, "build": {"skip": true}, "test": {"skip": true}},
         "environments": {"dev": {"deploy": {"skip": true}}, "staging": {"deploy": {"skip": true}},
           "prod": {%s}}, "flags": {%s}}""".formatted(PROD, flags);
  }

  @Test
  void aFlagsSectionBindsWithDefaultsAndItsTokenIsASecret() {
    PipelineConfig c = new ConfigLoader(Map.of()).parse(config("""
        "provider": "unleash", "url": "http://127.0.0.1:4242/", "environments": {"prod": "production"},
        "ramps": [{"flag": "new-checkout", "steps": [10, 50, 100]}]"""), "t");
    FlagsConfig f = c.flags();
    assertThat(f.baseUrl()).isEqualTo("http://127.0.0.1:4242");
    assertThat(f.tokenEnvOrDefault()).isEqualTo("UNLEASH_ADMIN_TOKEN");
    assertThat(f.projectOrDefault()).isEqualTo("default");
    assertThat(f.providerEnvironment("prod")).isEqualTo("production");
    assertThat(f.providerEnvironment("dev")).isEqualTo("dev");
    assertThat(f.rampsAfter("prod")).singleElement().satisfies(r -> assertThat(r.steps()).containsExactly(10, 50, 100));
    assertThat(ConfigSecrets.declaredNames(c)).contains("UNLEASH_ADMIN_TOKEN");
    assertThat(ConfigSecrets.redactor(c, Map.of("UNLEASH_ADMIN_TOKEN", "*:*.s3cr3t-value"))
        .redact("token *:*.s3cr3t-value")).isEqualTo("token [redacted:UNLEASH_ADMIN_TOKEN]");
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of("\"provider\": \"launchdarkly\", \"url\": \"http://x\"", "flags.provider: must be 'unleash'"),
        Arguments.of("\"provider\": \"unleash\"", "flags.url: is required"),
        Arguments.of("\"url\": \"unleash.example.com\"", "flags.url: must be an http(s) URL"),
        Arguments.of("\"url\": \"http://x\", \"tokenEnv\": \"*:*.abc\"",
            "flags.tokenEnv: must be the NAME of an environment variable"),
        Arguments.of("\"url\": \"http://x\", \"environments\": {\"prodd\": \"production\"}",
            "flags.environments.prodd: unknown environment; did you mean 'prod'?"),
        Arguments.of("\"url\": \"http://x\", \"ramps\": [{\"steps\": [10]}]", "flags.ramps[0].flag: is required"),
        Arguments.of("\"url\": \"http://x\", \"ramps\": [{\"flag\": \"f\", \"steps\": [0]}]",
            "flags.ramps[0].steps[0]: must be from 1 to 100"),
        Arguments.of("\"url\": \"http://x\", \"ramps\": [{\"flag\": \"f\", \"steps\": [50, 10]}]",
            "flags.ramps[0].steps[1]: must be greater than the step before (50)"),
        Arguments.of("\"url\": \"http://x\", \"ramps\": [{\"flag\": \"f\", \"environment\": \"dev\", \"steps\": [5]}]",
            "flags.ramps[0].environment: dev has no target and router"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("mistakes")
  void mistakesNameTheirPathAndTheFix(String flags, String expected) {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> new ConfigLoader(Map.of()).parse(config(flags), "t"));
    assertThat(e).isNotNull();
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains(expected));
  }
}
