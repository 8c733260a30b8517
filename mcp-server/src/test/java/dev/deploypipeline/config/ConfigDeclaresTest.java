package dev.deploypipeline.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link ConfigLoader#declares}: a top-level key of the config file, without loading the config. */
class ConfigDeclaresTest {
  @TempDir Path project;

  @ParameterizedTest(name = "{0}: {1} → {2}")
  @CsvSource(delimiter = '|', value = {
      "deployment-config.json | {\"service\": \"s\", \"flags\": {\"url\": \"${UNSET}\"}} | true",
      "deployment-config.json | {\"service\": \"s\", \"stages\": {\"flags\": {}}}        | false",
      "deployment-config.json | {\"service\": \"s\"}                                   | false",
      "deployment-config.json | {\"service\": \"s\", \"flags\": {}                       | false",
      "deployment-config.json | [\"flags\"]                                            | false",
      "deployment-config.yaml | 'service: s\nflags:\n  url: x\n'                      | true",
      "deployment-config.yaml | 'service: s\nhelm: {}\n'                             | false",
      "deployment-config.yaml | 'service: [s\n'                                      | false",
  })
  void readsOnlyTheTopLevelKeys(String file, String text, boolean expected) throws IOException {
    Files.createDirectories(project.resolve(".claude"));
    Files.writeString(project.resolve(".claude").resolve(file), text.replace("\\n", "\n"));
    assertThat(ConfigLoader.declares(project, "flags")).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void answersAgainWhenTheFileChangesAndForEachKey() throws IOException {
    Path file = project.resolve(".claude").resolve("deployment-config.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"service\": \"s\"}");
    assertThat(ConfigLoader.declares(project, "flags")).isFalse();
    assertThat(ConfigLoader.declares(project, "service")).isTrue();
    Files.writeString(file, "{\"service\": \"s\", \"flags\": {}}");
    assertThat(ConfigLoader.declares(project, "flags")).as("a new size").isTrue();
    Files.writeString(file, "{\"service\": \"s\", \"flagz\": {}}");
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(1_000));
    assertThat(ConfigLoader.declares(project, "flags")).as("the same size, another time").isFalse();
    Files.delete(file);
    assertThat(ConfigLoader.declares(project, "service")).isFalse();
  }

  @ParameterizedTest(name = "no config file: {0}")
  @CsvSource({"flags", "service"})
  void noConfigDeclaresNothing(String key) {
    assertThat(ConfigLoader.declares(project, key)).isFalse();
  }
}
