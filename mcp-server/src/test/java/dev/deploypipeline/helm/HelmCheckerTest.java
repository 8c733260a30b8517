package dev.deploypipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.testutil.HelmBinary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pre-deploy checks on a copy of examples/helm, through the real helm 4. */
class HelmCheckerTest {
  @TempDir Path dir;
  private HelmChecker checker;
  private HelmConfig config;

  @BeforeEach
  void copyExample() throws IOException {
    checker = new HelmChecker(HelmCli.withBasicEnvironment(HelmBinary.require().toString(), System.getenv()));
    HelmBinary.copyExample(dir);
    config = config(List.of());
  }

  private static HelmConfig config(List<String> required) {
    return new HelmConfig("chart", "members", null, null, required, Map.of(
        "dev", new HelmEnvironment("development", List.of("values-dev.yaml"), null, List.of("members-db", "members-session")),
        "staging", new HelmEnvironment("staging", List.of("values-staging.yaml"), null, List.of("members-db", "members-session")),
        "prod", new HelmEnvironment("production", List.of("values-prod.yaml"), null, List.of("members-db"))));
  }

  @Test
  void theExampleChartIsCleanExceptForTheSecretProdDoesNotDeclare() throws Exception {
    HelmReport r = checker.check(dir, config, "members", List.of());
    assertThat(r.valid()).as(r.findings().toString()).isTrue();
    assertThat(r.findings()).singleElement().satisfies(f -> {
      assertThat(f.ruleId()).isEqualTo("secret-unknown");
      assertThat(f.file()).isEqualTo("chart/templates/deployment.yaml");
      assertThat(f.message()).contains("members-session");
      assertThat(f.environments()).containsExactly("prod");
    });
  }

  @Test
  void aSchemaViolationPointsAtTheValuesFileLineThatSetsIt() throws Exception {
    Files.writeString(dir.resolve("values-staging.yaml"), """
        replicaCount: 2
        image:
          tag: "bad tag!"
        ingress:
          host: staging.members.example.com
        replicas: 4
        """);
    HelmReport r = checker.check(dir, config, "members", List.of("staging"));
    assertThat(r.valid()).isFalse();
    assertThat(r.findings()).extracting(HelmFinding::render).containsExactly(
        "values-staging.yaml:3  error  values-schema  image.tag: 'bad tag!' does not match pattern "
            + "'^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$' [staging] (fix the value in values-staging.yaml, or the schema in "
            + "chart/values.schema.json)",
        "values-staging.yaml:6  error  values-schema  'replicas' is not allowed by the chart's values.schema.json "
            + "[staging] (fix the value in values-staging.yaml, or the schema in chart/values.schema.json)");
  }

  @Test
  void aWrongTypeInTheChartDefaultsIsFoundInValuesYaml() throws Exception {
    Files.writeString(dir.resolve("chart/values.yaml"),
        Files.readString(dir.resolve("chart/values.yaml")).replace("port: 8080", "port: http"));
    HelmReport r = checker.check(dir, config, "members", List.of());
    assertThat(r.findings()).singleElement().satisfies(f -> {
      assertThat(f.file()).isEqualTo("chart/values.yaml");
      assertThat(f.line()).isEqualTo(8);
      assertThat(f.message()).isEqualTo("service.port: got string, want integer");
      assertThat(f.environments()).as("all environments share it").isEmpty();
    });
  }

  @Test
  void aBrokenTemplateNamesItsFileLineAndColumn() throws Exception {
    Path t = dir.resolve("chart/templates/deployment.yaml");
    Files.writeString(t, Files.readString(t).replace(".Values.service.port }}", ".Values.service.port.nope }}"));
    HelmReport r = checker.check(dir, config, "members", List.of("dev"));
    assertThat(r.findings()).singleElement().satisfies(f -> {
      assertThat(f.file()).isEqualTo("chart/templates/deployment.yaml");
      assertThat(f.line()).isEqualTo(26);
      assertThat(f.column()).isEqualTo(39);
      assertThat(f.ruleId()).isEqualTo("template");
      assertThat(f.message()).isEqualTo("executing \"members/templates/deployment.yaml\" at "
          + "<.Values.service.port.nope>: can't evaluate field nope in type interface {}");
    });
  }

  @Test
  void aTemplateParseErrorNamesItsLine() throws Exception {
    Path t = dir.resolve("chart/templates/service.yaml");
    Files.writeString(t, Files.readString(t).replace("{{ include \"members.fullname\" . }}",
        "{{ include \"members.fullname\" . "));
    HelmReport r = checker.check(dir, config, "members", List.of("dev"));
    assertThat(r.findings()).singleElement().satisfies(f -> {
      assertThat(f.file()).isEqualTo("chart/templates/service.yaml");
      assertThat(f.line()).as("helm reports where the unclosed action ends").isEqualTo(5);
      assertThat(f.severity()).isEqualTo(HelmFinding.Level.ERROR);
      assertThat(f.message()).isEqualTo("parse error: function \"labels\" not defined");
    });
  }

  @Test
  void renderedYamlThatDoesNotParseNamesTheTemplateAndLine() throws Exception {
    Files.writeString(dir.resolve("chart/templates/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"
        + "data:\n  a: b\n   c: d\n");
    HelmReport r = checker.check(dir, config, "members", List.of("dev"));
    assertThat(r.findings()).extracting(HelmFinding::file, HelmFinding::line, HelmFinding::ruleId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("chart/templates/cm.yaml", 7, "manifest-yaml"));
  }

  @Test
  void anObjectWithoutANameIsAManifestError() throws Exception {
    Files.writeString(dir.resolve("chart/templates/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\ndata:\n  a: b\n");
    HelmReport r = checker.check(dir, config, "members", List.of("dev"));
    assertThat(r.findings()).extracting(HelmFinding::ruleId, HelmFinding::file, HelmFinding::severity)
        .contains(org.assertj.core.groups.Tuple.tuple("manifest-fields", "chart/templates/cm.yaml", HelmFinding.Level.ERROR));
    assertThat(r.findings().stream().filter(f -> f.ruleId().equals("manifest-fields")).findFirst().orElseThrow()
        .message()).isEqualTo("renders a ConfigMap without metadata.name");
  }

  @Test
  void aRequiredSecretThatNobodyProvidesIsAnError() throws Exception {
    HelmReport r = checker.check(dir, config(List.of("members-db", "members-tls")), "members", List.of("dev"));
    assertThat(r.findings()).singleElement().satisfies(f -> {
      assertThat(f.ruleId()).isEqualTo("secret-missing");
      assertThat(f.message()).contains("'members-tls'");
      assertThat(f.hint()).contains("helm.environments.dev.existingSecrets");
    });
  }

  @Test
  void aBadChartYamlPointsAtTheKey() throws Exception {
    Path c = dir.resolve("chart/Chart.yaml");
    Files.writeString(c, Files.readString(c).replace("version: 0.1.0", "version: notsemver"));
    HelmReport r = checker.check(dir, config, "members", List.of("dev"));
    assertThat(r.valid()).isFalse();
    assertThat(r.findings()).anySatisfy(f -> {
      assertThat(f.file()).isEqualTo("chart/Chart.yaml");
      assertThat(f.line()).isEqualTo(5);
      assertThat(f.message()).contains("not a valid SemVer");
    });
  }

  @Test
  void aMissingChartOrValuesFileIsAnInputError() {
    assertThatThrownBy(() -> checker.check(dir, new HelmConfig("nochart", null, null, null, null, null), "m", List.of()))
        .isInstanceOf(HelmChecker.InputException.class).hasMessageContaining("no Chart.yaml");
    HelmConfig missing = new HelmConfig("chart", null, null, null, null,
        Map.of("dev", new HelmEnvironment("dev", List.of("values-nope.yaml"), null, null)));
    assertThatThrownBy(() -> checker.check(dir, missing, "m", List.of()))
        .hasMessage("values file 'values-nope.yaml' of environment dev does not exist");
  }
}
