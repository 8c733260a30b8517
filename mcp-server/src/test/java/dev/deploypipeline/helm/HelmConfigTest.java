package dev.deploypipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.config.ConfigException;
import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.config.PipelineConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The helm section through the real config loader: every mistake names its path and what to do. */
class HelmConfigTest {
  private static final String ENVS = """
      "environments":{"dev":{"deploy":{"executor":"helm"}},"staging":{"deploy":{"executor":"helm"}},
                      "prod":{"deploy":{"executor":"helm"},"rollback":{"executor":"helm"}}}""";

  private static List<String> problems(String json) {
    try {
      new ConfigLoader(Map.of()).parse(json, "deployment-config.json");
      return List.of();
    } catch (ConfigException e) {
      return e.problems();
    }
  }

  @Test
  void aValidSectionLoads() {
    PipelineConfig c = new ConfigLoader(Map.of()).parse("""
        {"service":"members","stages":{"validate":{"executor":"helm"},"build":{"command":"true"},"test":{"command":"true"}},
        %s,
        "helm":{"chart":"chart","release":"members-web","requiredSecrets":["members-db"],"environments":{
          "dev":{"namespace":"development","values":["values-dev.yaml"]},
          "staging":{"namespace":"staging","values":["values-staging.yaml"]},
          "prod":{"namespace":"production","values":["values-prod.yaml"],"test":false,"existingSecrets":["members-db"]}}}}
        """.formatted(ENVS), "deployment-config.json");
    assertThat(c.helm().releaseOr("members")).isEqualTo("members-web");
    assertThat(c.helm().environment("prod").runsTests()).isFalse();
    assertThat(c.helm().environment("dev").runsTests()).isTrue();
    assertThat(c.helm().timeout()).isEqualTo(300);
  }

  @Test
  void theHelmExecutorWithoutTheSectionSaysWhatToAdd() {
    assertThat(problems("""
        {"service":"members","stages":{"validate":{"command":"true"},"build":{"command":"true"},"test":{"command":"true"}},%s}
        """.formatted(ENVS))).singleElement().asString()
        .startsWith("helm: is missing, but a stage runs on the helm executor; add {\"chart\": \"chart\"");
  }

  @Test
  void eachMistakeNamesItsPath() {
    assertThat(problems("""
        {"service":"members","stages":{"validate":{"command":"true"},"build":{"executor":"helm"},"test":{"command":"true"}},
        %s,
        "helm":{"chart":"","release":"Members_Web","timeoutSeconds":0,"environments":{
          "dev":{"namespace":"development"},"staging":{"namespace":"Staging!"}}}}
        """.formatted(ENVS))).containsExactly(
        "helm.chart: is required: the chart directory relative to the project, e.g. \"chart\"",
        "helm.environments.prod: is missing, but environments.prod.deploy runs on the helm executor; add "
            + "{\"namespace\": \"...\", \"values\": [\"values-prod.yaml\"]}",
        "helm.environments.prod: is missing, but environments.prod.rollback runs on the helm executor; add "
            + "{\"namespace\": \"...\", \"values\": [\"values-prod.yaml\"]}",
        "helm.environments.staging.namespace: must be a Kubernetes namespace name",
        "helm.release: must be a Helm release name: lowercase letters, digits and '-', at most 53 characters",
        "helm.timeoutSeconds: must be at least 1 second",
        "stages.build.executor: 'helm' runs only the validate stage, deploys and rollbacks; use 'local' for build");
  }

  @Test
  void anUnknownExecutorListsHelm() {
    assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse("""
        {"service":"members","executor":"kubectl","stages":{},"environments":{}}""", "c.json"))
        .hasMessageContaining("executor: must be 'local', 'harness' or 'helm'");
  }

  @Test
  void historyFindsTheLiveRevisionAndTheOneThatCarriedAVersion() {
    HelmHistory h = HelmHistory.parse("""
        [{"revision":3,"status":"deployed","description":"deployment-pipeline version=ccc deployment=d3"},
         {"revision":1,"status":"superseded","description":"deployment-pipeline version=aaa deployment=d1"},
         {"revision":2,"status":"superseded","description":"deployment-pipeline version=bbb deployment=d2"}]""");
    assertThat(h.deployed().orElseThrow().revision()).isEqualTo(3);
    assertThat(h.rollbackTarget("aaa").orElseThrow().revision()).isEqualTo(1);
    assertThat(h.rollbackTarget("unknown").orElseThrow().revision()).as("the newest earlier live one").isEqualTo(2);
    assertThat(h.rollbackTarget(null).orElseThrow().revision()).isEqualTo(2);
    assertThat(HelmHistory.parse("[{\"revision\":1,\"status\":\"deployed\",\"description\":\"Install complete\"}]")
        .rollbackTarget("x")).isEmpty();
  }

  @Test
  void commandLinesAreExact() {
    assertThat(HelmCommands.upgrade("members", "chart", "production", List.of("values.yaml", "values-prod.yaml"), 300,
        null)).containsExactly("upgrade", "--install", "members", "chart", "-n", "production", "-f", "values.yaml",
        "-f", "values-prod.yaml", "--rollback-on-failure", "--wait", "--timeout", "300s");
    assertThat(HelmCommands.rollback("members", 4, "production", 60))
        .containsExactly("rollback", "members", "4", "-n", "production", "--wait", "--timeout", "60s");
    assertThat(HelmCommands.test("members", "staging", 60)).containsExactly("test", "members", "-n", "staging",
        "--timeout", "60s");
  }
}
