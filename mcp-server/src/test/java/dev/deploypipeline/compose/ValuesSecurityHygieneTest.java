package dev.deploypipeline.compose;

import static dev.deploypipeline.compose.Compose.only;
import static dev.deploypipeline.compose.Compose.validate;
import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesSecurityHygieneTest {

  @ParameterizedTest
  @ValueSource(strings = {"no", "always", "on-failure", "on-failure:5", "unless-stopped"})
  void validRestartPolicies(String policy) {
    assertThat(validate("services:\n  web:\n    image: nginx:1.27\n    restart: \"" + policy + "\"\n").findings()).isEmpty();
  }

  @Test
  void invalidRestartAndDurationsAndDuplicateContainerNames() {
    ComposeReport r = validate("""
        services:
          web:
            image: nginx:1.27
            restart: allways
            container_name: app
            stop_grace_period: 30
            healthcheck:
              test: ["CMD", "true"]
              interval: 10 seconds
              timeout: 1m30s
          api:
            image: nginx:1.27
            container_name: app
        """);
    assertThat(r.findings()).extracting(Finding::ruleId, Finding::line, Finding::message).containsExactly(
        Tuple.tuple("restart-value", 4, "service 'web': restart 'allways' is not a restart policy"),
        Tuple.tuple("duration-syntax", 6, "service 'web': stop_grace_period '30' is not a duration"),
        Tuple.tuple("duration-syntax", 9, "service 'web': healthcheck.interval '10 seconds' is not a duration"),
        Tuple.tuple("duplicate-container-name", 13,
            "service 'api': container_name 'app' is already used at compose.yaml:5"));
  }

  @Test
  void securityRisksAreWarnings() {
    ComposeReport r = validate("""
        services:
          agent:
            image: portainer/agent:2.21.0
            privileged: true
            network_mode: host
            cap_add: [ALL]
            volumes:
              - /var/run/docker.sock:/var/run/docker.sock
            environment:
              DB_PASSWORD: hunter2
              API_TOKEN: ${API_TOKEN}
              SECRET_KEY_FILE: /run/secrets/key
              LOG_LEVEL: debug
          worker:
            image: worker:1.0
            environment:
              - AWS_SECRET_ACCESS_KEY=AKIAEXAMPLE
              - GITHUB_TOKEN=${GITHUB_TOKEN:-}
        """, java.util.Map.of("API_TOKEN", "from-env"));
    assertThat(r.findings()).extracting(Finding::ruleId, Finding::line).containsExactly(
        Tuple.tuple("privileged", 4),
        Tuple.tuple("network-mode-host", 5),
        Tuple.tuple("cap-add-all", 6),
        Tuple.tuple("docker-socket", 8),
        Tuple.tuple("literal-secret", 10),
        Tuple.tuple("literal-secret", 17));
    assertThat(r.findings()).allMatch(f -> f.severity() == Severity.WARNING);
    assertThat(only(r, Rule.LITERAL_SECRET).get(0).message())
        .isEqualTo("service 'agent': DB_PASSWORD is set to a literal value in the compose file");
    assertThat(r.findings()).noneMatch(f -> f.message().contains("hunter2"));
  }

  @Test
  void unpinnedImages() {
    ComposeReport r = validate("""
        services:
          a:
            image: redis
          b:
            image: registry.example.com:5000/team/app:latest
          c:
            image: registry.example.com:5000/team/app
          d:
            image: nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
          e:
            image: myapp
            build: .
        """);
    assertThat(r.findings()).extracting(Finding::ruleId, Finding::line).containsExactly(
        Tuple.tuple("image-no-tag", 3), Tuple.tuple("image-latest", 5), Tuple.tuple("image-no-tag", 7));
  }
}
