package dev.deploypipeline.compose;

import static dev.deploypipeline.compose.Compose.only;
import static dev.deploypipeline.compose.Compose.validate;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class YamlAndStructureTest {

  @Test
  void tabInIndentationIsAFindingAtItsLineNotAnException() {
    ComposeReport r = validate("services:\n  web:\n\timage: nginx:1.27\n");
    assertThat(r.findings()).singleElement().satisfies(f -> {
      assertThat(f.ruleId()).isEqualTo("yaml-tab");
      assertThat(f.line()).isEqualTo(3);
      assertThat(f.column()).isEqualTo(1);
      assertThat(f.severity()).isEqualTo(Severity.ERROR);
    });
  }

  @Test
  void badIndentationIsASyntaxFindingWithPosition() {
    ComposeReport r = validate("""
        services:
          web:
            image: nginx:1.27
           ports:
            - "80:80"
        """);
    assertThat(only(r, Rule.YAML_SYNTAX)).singleElement().satisfies(f -> {
      assertThat(f.line()).isEqualTo(4);
      assertThat(f.message()).isNotBlank();
    });
  }

  @Test
  void duplicateKeyIsReportedAtTheSecondOccurrence() {
    ComposeReport r = validate("""
        services:
          web:
            image: nginx:1.27
            image: nginx:1.26
        """);
    assertThat(only(r, Rule.YAML_DUPLICATE_KEY)).singleElement().satisfies(f -> {
      assertThat(f.line()).isEqualTo(4);
      assertThat(f.message()).isEqualTo("duplicate key 'image' (first at line 3)");
    });
  }

  @Test
  void everyUnknownKeyIsNamedAtItsOwnLineWithASuggestion() {
    ComposeReport r = validate("""
        services:
          web:
            image: nginx:1.27
            restrat: always
            healthcheck:
              test: ["CMD", "true"]
              intervall: 10s
        volumez: {}
        """);
    assertThat(only(r, Rule.UNKNOWN_KEY)).extracting(Finding::line, Finding::message, Finding::hint).containsExactly(
        org.assertj.core.groups.Tuple.tuple(4, "unknown key 'restrat' in services.web", "did you mean 'restart'?"),
        org.assertj.core.groups.Tuple.tuple(7, "unknown key 'intervall' in services.web.healthcheck", "did you mean 'interval'?"),
        org.assertj.core.groups.Tuple.tuple(8, "unknown key 'volumez' at top level", "did you mean 'volumes'?"));
  }

  @Test
  void wrongTypesAndEnumsAndRequiredKeysAreReported() {
    ComposeReport r = validate("""
        services:
          web:
            image: nginx:1.27
            ports: "80:80"
            cgroup: shared
            depends_on:
              db:
                required: true
          db:
            image: postgres:16
        """);
    assertThat(only(r, Rule.WRONG_TYPE)).singleElement().satisfies(f -> {
      assertThat(f.line()).isEqualTo(4);
      assertThat(f.message()).isEqualTo("services.web.ports must be a list, found a string");
    });
    assertThat(only(r, Rule.INVALID_VALUE)).singleElement().satisfies(f -> {
      assertThat(f.line()).isEqualTo(5);
      assertThat(f.message()).isEqualTo("services.web.cgroup 'shared' is not allowed");
    });
    assertThat(only(r, Rule.MISSING_KEY)).singleElement().satisfies(f -> {
      assertThat(f.line()).isEqualTo(8);
      assertThat(f.message()).isEqualTo("services.web.depends_on.db is missing the required key 'condition'");
    });
  }

  @Test
  void currentSpecFeaturesAndExtensionsAreAccepted() {
    ComposeReport r = validate("""
        name: shop
        include:
          - path: ./other.yaml
        x-common: &common
          restart: unless-stopped
        models:
          llm:
            model: ai/smollm2
        services:
          web:
            <<: *common
            image: nginx:1.27
            x-team: web
            models: [llm]
            develop:
              watch:
                - path: ./src
                  action: sync
                  target: /app
            post_start:
              - command: ["echo", "started"]
            pre_stop:
              - command: echo bye
                user: root
            deploy:
              resources:
                limits: {cpus: "0.5", memory: 256M}
        """);
    assertThat(r.findings()).isEmpty();
  }

  @Test
  void obsoleteVersionIsAWarning() {
    ComposeReport r = validate("version: \"3.8\"\nservices:\n  web:\n    image: nginx:1.27\n");
    assertThat(only(r, Rule.OBSOLETE_VERSION)).singleElement().satisfies(f -> {
      assertThat(f.line()).isEqualTo(1);
      assertThat(f.severity()).isEqualTo(Severity.WARNING);
    });
    assertThat(r.valid()).isTrue();
  }

  @Test
  void mergeKeyListsApplyInOrderAndExplicitKeysWin() {
    ComposeReport r = validate("""
        x-a: &a
          restart: always
          image: nginx:latest
        x-b: &b
          restart: sometimes
          privileged: true
        services:
          web:
            <<: [*a, *b]
            image: nginx:1.27
        """);
    // *a wins over *b for restart (no restart-value finding); explicit image wins (no image-latest finding)
    assertThat(Compose.ruleIds(r)).containsExactly("privileged");
    assertThat(r.findings().get(0).line()).as("merged keys keep the line they were written on").isEqualTo(6);
  }

  @Test
  void mergeKeyOnAScalarIsAFinding() {
    ComposeReport r = validate("x-a: &a hello\nservices:\n  web:\n    <<: *a\n    image: nginx:1.27\n");
    assertThat(only(r, Rule.YAML_ALIAS)).singleElement().satisfies(f ->
        assertThat(f.message()).isEqualTo("merge key << must point at a mapping or a list of mappings"));
  }

  @Test
  void aliasBombIsValidatedQuicklyWithoutExpandingIt() {
    StringBuilder yaml = new StringBuilder("x-l0: &l0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
    for (int i = 1; i <= 9; i++) {
      yaml.append("x-l").append(i).append(": &l").append(i).append(" [");
      for (int j = 0; j < 9; j++) yaml.append(j == 0 ? "" : ", ").append("*l").append(i - 1);
      yaml.append("]\n");
    }
    yaml.append("services:\n  web:\n    image: nginx:1.27\n    command: *l9\n");
    ComposeReport r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
        () -> validate(yaml.toString()));
    assertThat(only(r, Rule.WRONG_TYPE)).isNotEmpty()
        .allSatisfy(f -> assertThat(f.message()).startsWith("services.web.command"));
  }
}
