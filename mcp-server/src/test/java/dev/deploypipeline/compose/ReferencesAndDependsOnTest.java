package dev.deploypipeline.compose;

import static dev.deploypipeline.compose.Compose.only;
import static dev.deploypipeline.compose.Compose.validate;
import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class ReferencesAndDependsOnTest {

  @Test
  void undeclaredNetworksVolumesSecretsAndConfigs() {
    ComposeReport r = validate("""
        services:
          web:
            image: nginx:1.27
            networks: [front, default]
            volumes:
              - data:/var/lib/data
              - ./html:/usr/share/nginx/html
              - /srv/logs:/logs
              - cache:/cache
              - type: volume
                source: other
                target: /other
            secrets: [db_password]
            configs:
              - source: nginx_conf
                target: /etc/nginx/nginx.conf
        volumes:
          cache: {}
        """);
    assertThat(r.findings()).extracting(Finding::ruleId, Finding::line).containsExactly(
        Tuple.tuple("undefined-network", 4),
        Tuple.tuple("undefined-volume", 6),
        Tuple.tuple("undefined-volume", 10),
        Tuple.tuple("undefined-secret", 13),
        Tuple.tuple("undefined-config", 15));
    assertThat(only(r, Rule.UNDEFINED_VOLUME).get(0).message())
        .isEqualTo("service 'web' mounts named volume 'data', which is not declared under top-level volumes");
    assertThat(only(r, Rule.UNDEFINED_VOLUME).get(0).hint()).contains("./data");
    assertThat(only(r, Rule.UNDEFINED_NETWORK).get(0).message())
        .isEqualTo("service 'web' uses network 'front', which is not declared under top-level networks");
  }

  @Test
  void relativePathWithoutDotSlashIsANamedVolumeNotABindMount() {
    ComposeReport r = validate("services:\n  web:\n    image: nginx:1.27\n    volumes: [\"html/site:/usr/share/nginx/html\"]\n");
    assertThat(only(r, Rule.UNDEFINED_VOLUME)).singleElement().satisfies(f -> assertThat(f.hint()).contains("./html/site"));
  }

  @Test
  void dependsOnUnknownServiceSuggestsTheClosestName() {
    ComposeReport r = validate("""
        services:
          web:
            image: nginx:1.27
            depends_on: [databse]
          database:
            image: postgres:16
        """);
    assertThat(only(r, Rule.DEPENDS_ON_UNKNOWN)).singleElement().satisfies(f -> {
      assertThat(f.line()).isEqualTo(4);
      assertThat(f.message()).isEqualTo("service 'web' depends on 'databse', which is not a service");
      assertThat(f.hint()).isEqualTo("did you mean 'database'?");
    });
  }

  @Test
  void dependsOnTypoNeverSuggestsTheServiceItself() {
    ComposeReport r = validate("""
        services:
          web:
            image: nginx:1.27
            depends_on: [wep]
          db:
            image: postgres:16
        """);
    assertThat(only(r, Rule.DEPENDS_ON_UNKNOWN)).singleElement().satisfies(f -> {
      assertThat(f.message()).isEqualTo("service 'web' depends on 'wep', which is not a service");
      assertThat(f.hint()).isEqualTo("other services are: db");
    });
  }

  @Test
  void dependsOnTypoSuggestsAnotherServiceCloseToTheServiceName() {
    ComposeReport r = validate("""
        services:
          web:
            image: nginx:1.27
            depends_on: [wep]
          web2:
            image: nginx:1.27
        """);
    assertThat(only(r, Rule.DEPENDS_ON_UNKNOWN)).singleElement()
        .satisfies(f -> assertThat(f.hint()).isEqualTo("did you mean 'web2'?"));
  }

  @Test
  void dependencyCycleIsReportedOnce() {
    ComposeReport r = validate("""
        services:
          a:
            image: nginx:1.27
            depends_on: [b]
          b:
            image: nginx:1.27
            depends_on:
              c:
                condition: service_started
          c:
            image: nginx:1.27
            depends_on: [a]
        """);
    assertThat(only(r, Rule.DEPENDS_ON_CYCLE)).singleElement().satisfies(f -> {
      assertThat(f.line()).isEqualTo(12);
      assertThat(f.message()).isEqualTo("dependency cycle: a -> b -> c -> a");
    });
  }

  @Test
  void serviceHealthyWithoutHealthcheckIsAWarning() {
    ComposeReport r = validate("""
        services:
          web:
            image: nginx:1.27
            depends_on:
              db:
                condition: service_healthy
              cache:
                condition: service_healthy
          db:
            image: postgres:16
            healthcheck:
              test: ["CMD", "pg_isready"]
          cache:
            image: redis:7
        """);
    assertThat(only(r, Rule.DEPENDS_ON_NO_HEALTHCHECK)).singleElement().satisfies(f -> {
      assertThat(f.line()).isEqualTo(8);
      assertThat(f.severity()).isEqualTo(Severity.WARNING);
      assertThat(f.message()).isEqualTo("service 'web' waits for 'cache' to be healthy, but 'cache' defines no healthcheck");
    });
  }
}
