package dev.deploypipeline.compose;

import static dev.deploypipeline.compose.Compose.only;
import static dev.deploypipeline.compose.Compose.validate;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InterpolationTest {

  @Test
  void requiredUnsetVariableIsAnErrorAtTheDollarSign() {
    ComposeReport r = validate("services:\n  web:\n    image: \"nginx:${TAG:?set TAG first}\"\n");
    assertThat(only(r, Rule.INTERPOLATION_REQUIRED)).singleElement().satisfies(f -> {
      assertThat(f.line()).isEqualTo(3);
      assertThat(f.column()).isEqualTo(19);
      assertThat(f.severity()).isEqualTo(Severity.ERROR);
      assertThat(f.message()).isEqualTo("required variable TAG is not set: set TAG first");
    });
  }

  @Test
  void undefinedVariableWithoutDefaultIsAWarning() {
    ComposeReport r = validate("services:\n  web:\n    image: nginx:1.27\n    environment:\n      MODE: $MODE\n");
    assertThat(only(r, Rule.INTERPOLATION_UNDEFINED)).singleElement().satisfies(f -> {
      assertThat(f.line()).isEqualTo(5);
      assertThat(f.column()).isEqualTo(13);
      assertThat(f.message()).isEqualTo("variable MODE is not set and has no default; it becomes an empty string");
    });
    assertThat(r.valid()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "${TAG:-1.27}|            |1.27",
      "${TAG-1.27}|             |1.27",
      "${TAG:-1.27}|TAG=        |1.27",
      "${TAG-1.27}|TAG=         |''",
      "${TAG:?missing}|TAG=1.25 |1.25",
      "${TAG?missing}|TAG=      |''",
      "${TAG:+1.99}|TAG=1.25    |1.99",
      "${A:-${B:-9}}|           |9",
      "$$TAG|                   |$TAG",
  })
  void substitutionFormsResolveWithoutFindings(String expr, String env, String expected) {
    Map<String, String> vars = env == null ? Map.of() : Map.of(env.split("=", -1)[0], env.split("=", -1)[1]);
    Interpolator.Result result = new Interpolator(vars).apply(expr, i -> new Pos("f", 1, 1 + i), new Findings());
    assertThat(result.value()).isEqualTo(expected);
  }

  @Test
  void unterminatedReferenceIsASyntaxError() {
    ComposeReport r = validate("services:\n  web:\n    image: nginx:${TAG\n");
    assertThat(only(r, Rule.INTERPOLATION_SYNTAX)).singleElement().satisfies(f -> {
      assertThat(f.line()).isEqualTo(3);
      assertThat(f.message()).isEqualTo("unterminated variable reference '${TAG'");
    });
  }

  @Test
  void dotEnvNextToTheFirstFileAndExplicitEnvFileAndInjectedEnvironment(@TempDir Path dir) throws Exception {
    Path compose = dir.resolve("compose.yaml");
    Files.writeString(compose, "services:\n  web:\n    image: \"nginx:${TAG:?}\"\n    ports: [\"${PORT:?}:80\"]\n");
    Files.writeString(dir.resolve(".env"), "# defaults\nexport TAG=1.27\nPORT='8080' # quoted\n");
    ComposeValidator v = new ComposeValidator();
    assertThat(v.validate(ComposeRequest.ofFiles(List.of(compose))).findings()).isEmpty();

    Files.writeString(dir.resolve("prod.env"), "TAG=1.27\n");
    ComposeReport withEnvFile = v.validate(ComposeRequest.ofFiles(List.of(compose)).withEnvFile(dir.resolve("prod.env")));
    assertThat(withEnvFile.findings()).extracting(Finding::ruleId, Finding::line)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("interpolation-required", 4));

    ComposeReport injected = v.validate(ComposeRequest.ofFiles(List.of(compose)).withEnvFile(dir.resolve("prod.env"))
        .withEnvironment(Map.of("PORT", "9090")));
    assertThat(injected.findings()).isEmpty();
  }

  @Test
  void missingEnvFileMeansTheValidationCannotRun(@TempDir Path dir) throws Exception {
    Path compose = Files.writeString(dir.resolve("compose.yaml"), "services: {}\n");
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new ComposeValidator()
        .validate(ComposeRequest.ofFiles(List.of(compose)).withEnvFile(dir.resolve("nope.env")))))
        .isInstanceOf(ComposeInputException.class).hasMessageContaining("nope.env does not exist");
  }
}
