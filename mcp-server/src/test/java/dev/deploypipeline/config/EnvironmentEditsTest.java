package dev.deploypipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Editing environments in the config file: the tree edits (path placement, parallel groups, deletion) and the save
 * that validates exactly as a load does and writes nothing when the result is invalid.
 */
class EnvironmentEditsTest {
  static final String CONFIG = """
      {
        "service": "svc",
        "stages": {
          "validate": {"command": "true"},
          "build": {"command": "true"},
          "test": {"command": "true"}
        },
        "environments": {
          "dev": {"deploy": {"command": "echo dev"}},
          "staging": {"deploy": {"command": "echo staging"}},
          "prod": {"deploy": {"command": "echo prod"}}
        },
        "retry": {"maxAttempts": 1}
      }
      """;
  static final Map<String, Object> QA = Map.of("deploy", Map.of("command", "echo qa"));

  @TempDir Path dir;
  final ConfigLoader loader = new ConfigLoader(Map.of());

  Path write(String name, String text) throws Exception {
    Files.createDirectories(dir.resolve(".claude"));
    Path f = dir.resolve(".claude").resolve(name);
    Files.writeString(f, text);
    return f;
  }

  @Test
  void aNewStepAfterDevWritesThePathOutAndKeepsTheFilesKeyOrder() throws Exception {
    Path f = write("deployment-config.json", CONFIG);
    ConfigDocument doc = ConfigDocument.read(dir);
    Map<String, Object> tree = doc.tree();
    EnvironmentEdits.create(tree, "qa", "development", "http://127.0.0.1:9/qa", QA,
        new EnvironmentEdits.Placement("dev", null));
    PipelineConfig saved = doc.save(tree, loader);

    assertThat(saved.promotionPath()).containsExactly(List.of("dev"), List.of("qa"), List.of("staging"),
        List.of("prod"));
    String text = Files.readString(f);
    assertThat(text.indexOf("\"service\"")).isLessThan(text.indexOf("\"stages\""));
    assertThat(text.indexOf("\"stages\"")).isLessThan(text.indexOf("\"environments\""));
    assertThat(text.indexOf("\"retry\"")).isLessThan(text.indexOf("\"path\""));
    assertThat(text).contains("\"qa\": {\n      \"type\": \"development\",\n      \"url\": \"http://127.0.0.1:9/qa\",\n"
        + "      \"deploy\": {\n        \"command\": \"echo qa\"\n      }\n    }")
        .contains("\"path\": [ \"dev\", \"qa\", \"staging\", \"prod\" ]");
    PipelineConfig reloaded = loader.load(dir);
    assertThat(reloaded.environment("qa").typeOrDefault("qa")).isEqualTo("development");
    assertThat(reloaded.environmentNames()).containsExactly("dev", "qa", "staging", "prod");
  }

  @Test
  void parallelWithJoinsTheStepAndDeletingOneLeavesASingleName() throws Exception {
    write("deployment-config.json", CONFIG.replace("\"prod\": {", "\"prod-eu\": {"
        + "\"deploy\": {\"command\": \"echo eu\"}},\n    \"prod\": {").replace("\"retry\"",
        "\"path\": [\"dev\", \"staging\", \"prod\"],\n  \"retry\""));
    ConfigDocument doc = ConfigDocument.read(dir);
    Map<String, Object> tree = doc.tree();
    EnvironmentEdits.create(tree, "prod-us", null, null, QA, new EnvironmentEdits.Placement(null, "prod"));
    assertThat(tree.get("path")).isEqualTo(List.of("dev", "staging", List.of("prod", "prod-us")));
    PipelineConfig saved = doc.save(tree, loader);
    assertThat(saved.promotionPath()).containsExactly(List.of("dev"), List.of("staging"), List.of("prod", "prod-us"));
    assertThat(saved.environment("prod-us").typeOrDefault("prod-us")).isEqualTo("production");

    Map<String, Object> again = ConfigDocument.read(dir).tree();
    assertThat(EnvironmentEdits.delete(again, "prod")).isTrue();
    assertThat(again.get("path")).isEqualTo(List.of("dev", "staging", "prod-us"));
    assertThat(EnvironmentEdits.delete(again, "prod-eu")).as("prod-eu is off the path").isFalse();
    assertThat(((Map<?, ?>) again.get("environments")).keySet().toString()).isEqualTo("[dev, staging, prod-us]");
  }

  @Test
  void anInvalidEditNamesThePathAndWritesNothing() throws Exception {
    Path f = write("deployment-config.json", CONFIG);
    ConfigDocument doc = ConfigDocument.read(dir);
    Map<String, Object> tree = doc.tree();
    EnvironmentEdits.create(tree, "qa", "development", "ftp://nowhere", Map.of("deploy", Map.of("comand", "x")),
        new EnvironmentEdits.Placement("dev", null));
    assertThatThrownBy(() -> doc.save(tree, loader)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("environments.qa.deploy.comand: unknown key; did you mean 'command'?");
    assertThat(Files.readString(f)).isEqualTo(CONFIG);
  }

  @Test
  void refusalsNameWhatIsWrongAndWhatToDo() throws Exception {
    write("deployment-config.json", CONFIG);
    Map<String, Object> tree = ConfigDocument.read(dir).tree();
    var off = EnvironmentEdits.Placement.OFF_PATH;
    assertThatThrownBy(() -> EnvironmentEdits.create(tree, "QA", "development", null, QA, off))
        .hasMessageContaining("'QA' is not an environment name");
    assertThatThrownBy(() -> EnvironmentEdits.create(tree, "dev", "development", null, QA, off))
        .hasMessageContaining("environment 'dev' already exists");
    assertThatThrownBy(() -> EnvironmentEdits.create(tree, "qa", "testing", null, QA, off))
        .hasMessageContaining("type: 'testing' is not one of development, staging, production");
    assertThatThrownBy(() -> EnvironmentEdits.create(tree, "qa", "development", null, QA,
        new EnvironmentEdits.Placement("nope", null)))
        .hasMessageContaining("'nope' is not on the promotion path dev → staging → prod");
    assertThatThrownBy(() -> EnvironmentEdits.create(tree, "qa", "development", null, QA,
        new EnvironmentEdits.Placement("dev", "prod"))).hasMessageContaining("exclude each other");
    assertThatThrownBy(() -> EnvironmentEdits.delete(tree, "qa"))
        .hasMessageContaining("no environment 'qa'; configured: dev, staging, prod");
    Map<String, Object> one = new java.util.LinkedHashMap<>(Map.of("environments",
        new java.util.LinkedHashMap<>(Map.of("dev", Map.of())), "path", List.of("dev")));
    assertThatThrownBy(() -> EnvironmentEdits.delete(one, "dev"))
        .isInstanceOf(EnvironmentEdits.EditException.class)
        .hasMessageContaining("the only environment on the promotion path");
  }

  @Test
  void yamlWithoutCommentsIsRewrittenAndYamlWithCommentsIsRefused() throws Exception {
    String yaml = """
        service: svc
        stages:
          validate: {command: "true"}
          build: {command: "true"}
          test: {command: "true"}
        environments:
          dev: {deploy: {command: echo dev}}
          staging: {deploy: {command: echo staging}}
          prod: {deploy: {command: echo prod}}
        """;
    Path f = write("deployment-config.yaml", yaml);
    ConfigDocument doc = ConfigDocument.read(dir);
    Map<String, Object> tree = doc.tree();
    EnvironmentEdits.create(tree, "qa", "development", null, QA, new EnvironmentEdits.Placement("staging", null));
    doc.save(tree, loader);
    assertThat(loader.load(dir).promotionPath()).containsExactly(List.of("dev"), List.of("staging"), List.of("qa"),
        List.of("prod"));

    String commented = yaml.replace("service: svc", "# who we are\nservice: svc");
    Files.writeString(f, commented);
    ConfigDocument withComments = ConfigDocument.read(dir);
    Map<String, Object> t2 = withComments.tree();
    EnvironmentEdits.delete(t2, "dev");
    assertThatThrownBy(() -> withComments.save(t2, loader)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("has YAML comments, which rewriting the file would lose");
    assertThat(Files.readString(f)).isEqualTo(commented);
  }

  @Test
  void aFileChangedDuringTheEditIsNotOverwritten() throws Exception {
    Path f = write("deployment-config.json", CONFIG);
    ConfigDocument doc = ConfigDocument.read(dir);
    Map<String, Object> tree = doc.tree();
    EnvironmentEdits.create(tree, "qa", "development", null, QA, EnvironmentEdits.Placement.OFF_PATH);
    String theirs = CONFIG.replace("echo dev", "echo dev2");
    Files.writeString(f, theirs);
    assertThatThrownBy(() -> doc.save(tree, loader)).hasMessageContaining("changed on disk while this edit");
    assertThat(Files.readString(f)).isEqualTo(theirs);
  }
}
