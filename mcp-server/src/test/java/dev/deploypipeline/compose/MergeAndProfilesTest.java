package dev.deploypipeline.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergeAndProfilesTest {
  private final ComposeValidator validator = new ComposeValidator();

  @Test
  void overrideFileIsMergedAndFindingsPointIntoTheFileTheyCameFrom(@TempDir Path dir) throws Exception {
    Path base = Files.writeString(dir.resolve("compose.yaml"), """
        services:
          web:
            image: nginx:1.27
            ports: ["8080:80"]
            restart: always
          api:
            image: api:2.0
        """);
    Path override = Files.writeString(dir.resolve("compose.override.yaml"), """
        services:
          web:
            restart: sometimes
          api:
            ports: ["8080:3000"]
            depends_on: [web]
        """);
    ComposeReport r = validator.validate(ComposeRequest.ofFiles(List.of(base, override)));
    assertThat(r.files()).containsExactly(base.toString(), override.toString());
    assertThat(r.findings()).extracting(Finding::file, Finding::ruleId, Finding::line).containsExactly(
        Tuple.tuple(override.toString(), "restart-value", 3),
        Tuple.tuple(override.toString(), "port-conflict", 5));
    assertThat(r.findings().get(1).message()).endsWith("already published by service 'web' at " + base + ":4");
  }

  @Test
  void listsAreAppendedAndScalarsOverridden(@TempDir Path dir) throws Exception {
    Path base = Files.writeString(dir.resolve("a.yaml"), "services:\n  web:\n    image: nginx:latest\n    ports: [\"80:80\"]\n");
    Path override = Files.writeString(dir.resolve("b.yaml"), "services:\n  web:\n    image: nginx:1.27\n    ports: [\"80:80\", \"443:443\"]\n");
    ComposeReport r = validator.validate(ComposeRequest.ofFiles(List.of(base, override)));
    assertThat(r.findings()).as("latest overridden, identical port deduplicated, new port appended").isEmpty();
  }

  @Test
  void eachFileIsSchemaCheckedOnItsOwn(@TempDir Path dir) throws Exception {
    Path base = Files.writeString(dir.resolve("a.yaml"), "services:\n  web:\n    image: nginx:1.27\n");
    Path override = Files.writeString(dir.resolve("b.yaml"), "services:\n  web:\n    enviroment: [A=1]\n");
    ComposeReport r = validator.validate(ComposeRequest.ofFiles(List.of(base, override)));
    assertThat(r.findings()).singleElement().satisfies(f -> {
      assertThat(f.file()).isEqualTo(override.toString());
      assertThat(f.line()).isEqualTo(3);
      assertThat(f.hint()).isEqualTo("did you mean 'environment'?");
    });
  }

  @Test
  void servicesInUnselectedProfilesAreSkippedByCrossServiceRules() {
    String yaml = """
        services:
          web:
            image: nginx:1.27
            ports: ["80:80"]
          debug:
            image: nginx:1.27
            profiles: [debug]
            ports: ["80:80"]
            privileged: true
        """;
    ComposeRequest req = ComposeRequest.ofContent("compose.yaml", yaml);
    assertThat(validator.validate(req).findings()).isEmpty();
    assertThat(validator.validate(req.withProfiles(List.of("debug"))).findings())
        .extracting(Finding::ruleId).containsExactly("port-conflict", "privileged");
    assertThat(validator.validate(req.withProfiles(List.of("*"))).errorCount()).isEqualTo(1);
  }

  @Test
  void missingFileMeansTheValidationCannotRun(@TempDir Path dir) {
    assertThat(org.assertj.core.api.Assertions.catchThrowable(
        () -> validator.validate(ComposeRequest.ofFiles(List.of(dir.resolve("nope.yaml"))))))
        .isInstanceOf(ComposeInputException.class).hasMessageContaining("nope.yaml does not exist");
  }
}
